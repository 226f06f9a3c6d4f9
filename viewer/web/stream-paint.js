// Paints the task stream: time runs left to right, one row per worker, one bar per task from
// its start to its end (a running task to "now"). 100,000 tasks on a canvas 1,000 pixels wide
// are mostly narrower than a pixel: drawing each as a rectangle would cost a path of 100,000
// parts per frame and show nothing more. So a bar under a pixel wide only marks its pixel
// column in its row (the last to end there gives the colour), and each run of marked pixels
// of one colour is drawn as one rectangle: a frame costs one pass over the tasks in typed
// arrays plus at most rows × width rectangles, whatever the number of tasks.

import { kFont, kLabel } from './theme.js';

export const kGutter = 40; // CSS pixels left of the plot, for the workers' names
const kAxis = 20; // below the plot, for the time axis
const kRight = 8; // right of the plot
const kTop = 6;
const kMaxRow = 28;
const kRunningEdge = '#0f172a';

/** A step of 1, 2 or 5 times a power of ten that cuts `range` into about `parts`. */
function niceStep(range, parts) {
  const rough = range / parts;
  const power = 10 ** Math.floor(Math.log10(rough));
  const m = rough / power;
  return power * (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10);
}

/** A tick's time, in the unit its step reads best in, with as many decimals as it needs. */
function tickLabel(t, step) {
  const [scale, unit] = step >= 0.1 ? [1, 's'] : step >= 1e-4 ? [1e3, 'ms'] : [1e6, 'µs'];
  const decimals = Math.max(0, -Math.floor(Math.log10(step * scale) + 1e-9));
  return `${(t * scale).toFixed(decimals)} ${unit}`;
}

/** Rows: one per worker 0..workers-1, and one more, "?", when some task's worker is unknown. */
function countRows(source) {
  let highest = source.workers - 1;
  let unknown = false;
  for (let i = 0; i < source.count; ++i) {
    if (!(source.start[i] >= 0)) continue;
    const w = source.worker[i];
    if (w < 0) unknown = true;
    else if (w > highest) highest = w;
  }
  return { workers: highest + 1, rows: highest + 1 + (unknown ? 1 : 0) };
}

/**
 * Where things are on the stream's canvas, in CSS pixels; the hit test reads it too.
 * @returns {left, top, width, rowHeight, rows, workers, scale (pixels per second), end}
 */
export function streamLayout(source, width, height) {
  const { workers, rows } = countRows(source);
  const plot = Math.max(1, Math.floor(width - kGutter - kRight));
  const rowHeight = Math.max(2, Math.min(kMaxRow, (height - kTop - kAxis) / Math.max(rows, 1)));
  const end = Math.max(source.now, 1e-9);
  const scale = plot / end;
  return { left: kGutter, top: kTop, width: plot, rowHeight, rows, workers, scale, end };
}

/** The row task i sits in. */
export const rowOf = (layout, w) => (w >= 0 ? w : layout.workers);

function paintAxis(context, layout, height) {
  const { left, width, end, scale } = layout;
  const y = height - kAxis;
  const step = niceStep(end, Math.max(2, Math.floor(width / 90)));
  context.strokeStyle = '#e2e8f0';
  context.fillStyle = '#64748b';
  context.lineWidth = 1;
  context.font = `11px ${kFont}`;
  context.textBaseline = 'top';
  context.textAlign = 'center';
  context.beginPath();
  for (let t = 0; t <= end + step / 1e6; t += step) {
    const x = Math.round(left + t * scale) + 0.5;
    context.moveTo(x, layout.top);
    context.lineTo(x, y);
    // The last label would stick out past the right edge: kept inside.
    const label = tickLabel(t, step);
    const half = context.measureText(label).width / 2;
    context.fillText(label, Math.min(x, left + width + kRight - half), y + 4);
  }
  context.stroke();
}

function paintRowNames(context, layout) {
  context.fillStyle = kLabel;
  context.font = `11px ${kFont}`;
  context.textBaseline = 'middle';
  context.textAlign = 'right';
  if (layout.rowHeight < 9) return; // too thin to label each
  for (let r = 0; r < layout.rows; ++r) {
    const name = r < layout.workers ? `w${r}` : '?';
    context.fillText(name, layout.left - 6, layout.top + (r + 0.5) * layout.rowHeight);
  }
}

/**
 * @param source  {count, worker, start, end (NaN: running), color (palette index per task),
 *                 palette, workers, now (the time the axis ends at, seconds)}
 * @param grid    scratch Int32Array of at least rows × width, or null; reused between frames
 * @returns {layout, bars (tasks drawn), grid}
 */
export function paintStream(context, source, { width, height, dpr }, grid) {
  context.setTransform(dpr, 0, 0, dpr, 0, 0);
  context.clearRect(0, 0, width, height);
  const layout = streamLayout(source, width, height);
  const { left, top, rowHeight, rows, scale } = layout;
  const plot = layout.width;
  const size = rows * plot;
  if (!grid || grid.length < size) grid = new Int32Array(size);
  grid.fill(-1, 0, size);

  paintAxis(context, layout, height);
  const paths = source.palette.map(() => new Path2D());
  const running = new Path2D();
  const barHeight = Math.max(1, rowHeight - (rowHeight > 6 ? 2 : 0));
  const gap = (w) => (w > 4 ? 1 : 0); // a hair between neighbouring bars when there is room
  let bars = 0;
  for (let i = 0; i < source.count; ++i) {
    const start = source.start[i];
    if (!(start >= 0)) continue;
    const stop = source.end[i] >= start ? source.end[i] : Math.max(start, source.now);
    const row = rowOf(layout, source.worker[i]);
    const x0 = start * scale;
    const x1 = Math.min(stop * scale, plot);
    bars += 1;
    if (x1 - x0 >= 1) {
      const y = top + row * rowHeight;
      paths[source.color[i]].rect(left + x0, y, x1 - x0 - gap(x1 - x0), barHeight);
      if (!(source.end[i] >= start)) running.rect(left + x0, y, x1 - x0, barHeight);
    } else {
      grid[row * plot + Math.min(plot - 1, Math.floor(x0))] = source.color[i];
    }
  }
  // Runs of one colour in the grid, one rectangle each.
  for (let row = 0; row < rows; ++row) {
    const base = row * plot;
    const y = top + row * rowHeight;
    for (let x = 0; x < plot; ) {
      const c = grid[base + x];
      let run = 1;
      while (x + run < plot && grid[base + x + run] === c) run += 1;
      if (c >= 0) paths[c].rect(left + x, y, run, barHeight);
      x += run;
    }
  }
  paths.forEach((path, c) => {
    context.fillStyle = source.palette[c];
    context.fill(path);
  });
  // Running tasks get an outline: they are the bars still growing.
  context.strokeStyle = kRunningEdge;
  context.lineWidth = 1;
  context.stroke(running);
  paintRowNames(context, layout);
  return { layout, bars, grid };
}
