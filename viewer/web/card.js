// A layer's card in the layer view: a stripe of its op's colour, the op, and three lines of
// details; on the dashboard also a bar of its tasks by state. Sized in layout units that are
// CSS pixels at zoom 1, and drawn scaled with the zoom.

import { kFont, kStateColors } from './theme.js';

const kPad = 10;
const kStripe = 4;
const kTitle = 14;
const kLine = 12;
const kLineGap = 17;
const kBar = 6; // the progress bar's height
const kBarRoom = kBar + 6;
const titleFont = `600 ${kTitle}px ${kFont}`;
const lineFont = `${kLine}px ${kFont}`;

let measurer;

function textWidth(text, font) {
  measurer ??= document.createElement('canvas').getContext('2d');
  measurer.font = font;
  return measurer.measureText(text).width;
}

/** @param withBar  room for a progress bar under the lines */
export function cardSize(title, lines, withBar = false) {
  const widest = Math.max(
    textWidth(title, titleFont),
    ...lines.map((line) => textWidth(line, lineFont)),
  );
  return {
    width: Math.ceil(widest) + 2 * kPad + kStripe,
    height: kPad + kTitle + 6 + lines.length * kLineGap + kPad - 4 + (withBar ? kBarRoom : 0),
  };
}

/** The tasks by state (waiting, running, done, failed) as one bar: done first, then failed,
 * running, and what waits as the bar's background. */
function paintProgress(context, left, top, width, counts) {
  const total = counts[0] + counts[1] + counts[2] + counts[3];
  context.fillStyle = kStateColors[0];
  context.beginPath();
  context.roundRect(left, top, width, kBar, kBar / 2);
  context.fill();
  if (!total) return;
  context.save();
  context.clip();
  let x = left;
  for (const state of [2, 3, 1]) {
    const w = (width * counts[state]) / total;
    context.fillStyle = kStateColors[state];
    context.fillRect(x, top, w, kBar);
    x += w;
  }
  context.restore();
}

/**
 * Draws one card centred on (x, y), in layout units; `scale` is the zoom (screen pixels per
 * unit), used to leave out text too small to read.
 */
export function paintCard(
  context,
  { x, y, width, height, title, lines, color, scale, state, progress },
) {
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
  if (progress) {
    const barLeft = left + kStripe + kPad;
    const barTop = top + height - kPad - kBar + 2;
    paintProgress(context, barLeft, barTop, left + width - kPad - barLeft, progress);
  }

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
