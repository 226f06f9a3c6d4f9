// The task stream on a canvas that fills its container: which worker ran which task when, one
// row per worker and one bar per task (stream-paint.js draws it). Hovering a bar shows the
// task's key, op, worker and duration. The viewer shows a profiled graph's stream; the
// dashboard shows a compute's as it runs, repainting once per frame at most.

import { fitCanvas } from './dom.js';
import { paintStream, rowOf } from './stream-paint.js';

const kReach = 3; // pixels a pointer may miss a thin bar by

export class TaskStream {
  /**
   * @param describe  task -> {key, op, worker, duration (text)}, for the tooltip
   * @param painted   called with the number of bars after each frame, if given
   */
  constructor(container, { describe, painted }) {
    this.container = container;
    this.describe = describe;
    this.painted = painted;
    this.canvas = document.createElement('canvas');
    this.tip = document.createElement('div');
    this.tip.className = 'stream-tip';
    this.tip.hidden = true;
    container.append(this.canvas, this.tip);
    this.context = this.canvas.getContext('2d');
    this.source = null;
    this.grid = null;
    this.layout = null;
    this.bars = 0;
    this.frame = 0;
    this.pointer = null;

    this.canvas.addEventListener('pointermove', (event) => {
      this.pointer = { x: event.offsetX, y: event.offsetY };
      this.showTip();
    });
    this.canvas.addEventListener('pointerleave', () => {
      this.pointer = null;
      this.tip.hidden = true;
    });
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
    this.resize();
  }

  /** What to draw: see paintStream's `source`. Its arrays may change in place; then paint. */
  show(source) {
    this.source = source;
    this.invalidate();
  }

  /** Repaints at the next animation frame, once however often it is asked. */
  invalidate() {
    this.frame ||= requestAnimationFrame(() => this.paintNow());
  }

  resize() {
    const { clientWidth: width, clientHeight: height } = this.container;
    if (!fitCanvas(this, this.canvas, width, height)) return;
    this.paintNow();
  }

  /** Paints now; @returns the number of bars drawn. */
  paintNow() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.source || !this.width || !this.height) return this.bars;
    const painted = paintStream(this.context, this.source, this, this.grid);
    Object.assign(this, painted);
    if (this.pointer && !this.tip.hidden) this.showTip();
    this.painted?.(this.bars);
    return this.bars;
  }

  /** The task under (x, y) in CSS pixels, or -1: the bar there, else the nearest within reach. */
  hit(x, y) {
    const { layout, source } = this;
    if (!layout || !source) return -1;
    const row = Math.floor((y - layout.top) / layout.rowHeight);
    if (row < 0 || row >= layout.rows) return -1;
    const t = (x - layout.left) / layout.scale;
    const reach = kReach / layout.scale;
    let best = -1;
    let bestMiss = Infinity;
    for (let i = 0; i < source.count; ++i) {
      const start = source.start[i];
      if (!(start >= 0) || rowOf(layout, source.worker[i]) !== row) continue;
      const stop = source.end[i] >= start ? source.end[i] : Math.max(start, source.now);
      const miss = t < start ? start - t : t > stop ? t - stop : 0;
      if (miss <= reach && miss < bestMiss) {
        best = i;
        bestMiss = miss;
      }
    }
    return best;
  }

  /** Where the middle of task i's bar is, in client coordinates; null if it has none. */
  screenPoint(i) {
    const { layout, source } = this;
    if (!layout || !source || !(source.start[i] >= 0)) return null;
    const stop = source.end[i] >= source.start[i] ? source.end[i] : source.now;
    const box = this.canvas.getBoundingClientRect();
    return {
      x: box.left + layout.left + ((source.start[i] + stop) / 2) * layout.scale,
      y: box.top + layout.top + (rowOf(layout, source.worker[i]) + 0.5) * layout.rowHeight,
    };
  }

  showTip() {
    const task = this.pointer ? this.hit(this.pointer.x, this.pointer.y) : -1;
    this.canvas.style.cursor = task >= 0 ? 'default' : '';
    if (task < 0) {
      this.tip.hidden = true;
      return;
    }
    const { key, op, worker, duration } = this.describe(task);
    this.tip.replaceChildren(
      ...[
        ['key', key],
        ['op', op],
        ['worker', worker],
        ['duration', duration],
      ].map(([term, value]) => {
        const line = document.createElement('div');
        const name = document.createElement('span');
        name.textContent = term;
        line.append(name, String(value));
        return line;
      }),
    );
    this.tip.hidden = false;
    // Beside the pointer, kept inside the panel.
    const x = Math.min(this.pointer.x + 14, this.width - this.tip.offsetWidth - 4);
    const y = Math.max(4, this.pointer.y - this.tip.offsetHeight - 10);
    this.tip.style.left = `${Math.max(4, x)}px`;
    this.tip.style.top = `${y}px`;
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
    this.canvas.remove();
    this.tip.remove();
  }
}

/** The tooltip of task i of `model`, drawn from `source` (the arrays the stream shows). */
export function describeStreamTask(model, source, i, formatSeconds) {
  const task = model.tasks[i];
  const w = source.worker[i];
  const start = source.start[i];
  const end = source.end[i];
  return {
    key: task.key,
    op: task.op,
    worker: w >= 0 ? `w${w}` : 'unknown',
    duration:
      end >= start
        ? formatSeconds(end - start)
        : `running for ${formatSeconds(Math.max(0, source.now - start))}`,
  };
}
