// A layer's card in the layer view: a stripe of its op's colour, the op, and three lines of
// details. Sized in layout units that are CSS pixels at zoom 1, and drawn scaled with the zoom.

import { kFont } from './theme.js';

const kPad = 10;
const kStripe = 4;
const kTitle = 14;
const kLine = 12;
const kLineGap = 17;
const titleFont = `600 ${kTitle}px ${kFont}`;
const lineFont = `${kLine}px ${kFont}`;

let measurer;

function textWidth(text, font) {
  measurer ??= document.createElement('canvas').getContext('2d');
  measurer.font = font;
  return measurer.measureText(text).width;
}

export function cardSize(title, lines) {
  const widest = Math.max(
    textWidth(title, titleFont),
    ...lines.map((line) => textWidth(line, lineFont)),
  );
  return {
    width: Math.ceil(widest) + 2 * kPad + kStripe,
    height: kPad + kTitle + 6 + lines.length * kLineGap + kPad - 4,
  };
}

/**
 * Draws one card centred on (x, y), in layout units; `scale` is the zoom (screen pixels per
 * unit), used to leave out text too small to read.
 */
export function paintCard(context, { x, y, width, height, title, lines, color, scale, state }) {
  const left = x - width / 2;
  const top = y - height / 2;
  context.save();
  context.shadowColor = 'rgba(15, 23, 42, 0.12)';
  context.shadowBlur = 8 * scale;
  context.shadowOffsetY = 2 * scale;
  context.beginPath();
  context.roundRect(left, top, width, height, 7);
  context.fillStyle = '#ffffff';
  context.fill();
  context.restore();

  context.lineWidth = state ? 2 : 1;
  context.strokeStyle = state ? '#0f172a' : '#d5dde8';
  context.stroke();
  context.save();
  context.clip();
  context.fillStyle = color;
  context.fillRect(left, top, kStripe, height);
  context.restore();

  if (kLine * scale < 4) return; // unreadable: the stripe and box tell enough
  const textLeft = left + kStripe + kPad;
  context.textBaseline = 'top';
  context.fillStyle = '#0f172a';
  context.font = titleFont;
  context.fillText(title, textLeft, top + kPad);
  context.fillStyle = '#475569';
  context.font = lineFont;
  lines.forEach((line, i) =>
    context.fillText(line, textLeft, top + kPad + kTitle + 6 + i * kLineGap),
  );
}
