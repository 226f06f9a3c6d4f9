// Memory over time: the process's resident set size as a filled line, and its CPU use as a
// second, dashed line on a scale of its own (100% = one core), on a small canvas; the latest
// figures are written beside it as text. No chart library: this is two polylines and two
// axes, and the page already draws everything else on canvases itself.

import { fitCanvas } from '../dom.js';
import * as fmt from '../format.js';
import { kFont } from '../theme.js';

const kRss = '#2563eb';
const kCpu = '#f28e2b';
const kPad = { left: 64, right: 44, top: 8, bottom: 18 };

export class MemoryChart {
  constructor(container) {
    this.container = container;
    this.canvas = document.createElement('canvas');
    container.append(this.canvas);
    this.context = this.canvas.getContext('2d');
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
    this.memory = null;
    this.resize();
  }

  resize() {
    const { clientWidth: width, clientHeight: height } = this.container;
    if (!fitCanvas(this, this.canvas, width, height)) return;
    if (this.memory) this.paint(this.memory, this.until, this.cores);
  }

  /**
   * @param memory  {time, rss, cpu}: arrays of samples
   * @param until   the time the axis ends at (the compute's elapsed time)
   * @param cores   workers, to scale CPU: the axis reaches at least 100% a worker
   */
  paint(memory, until, cores) {
    Object.assign(this, { memory, until, cores });
    const { context, width, height, dpr } = this;
    if (!width || !height) return;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.clearRect(0, 0, width, height);
    const { time, rss, cpu } = memory;
    const plotW = width - kPad.left - kPad.right;
    const plotH = height - kPad.top - kPad.bottom;
    const end = Math.max(until, time[time.length - 1] ?? 0, 1e-3);
    const rssTop = Math.max(1, peak(rss)) * 1.1;
    const cpuTop = Math.max(100 * cores, peak(cpu)) * 1.05;
    const x = (t) => kPad.left + (plotW * t) / end;
    const yRss = (v) => kPad.top + plotH * (1 - v / rssTop);
    const yCpu = (v) => kPad.top + plotH * (1 - v / cpuTop);

    context.font = `11px ${kFont}`;
    context.fillStyle = '#64748b';
    context.strokeStyle = '#e2e8f0';
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(kPad.left, kPad.top + plotH + 0.5);
    context.lineTo(kPad.left + plotW, kPad.top + plotH + 0.5);
    context.moveTo(kPad.left, kPad.top + 0.5);
    context.lineTo(kPad.left + plotW, kPad.top + 0.5);
    context.stroke();
    context.textBaseline = 'middle';
    context.textAlign = 'right';
    context.fillText(fmt.shortBytes(rssTop), kPad.left - 4, kPad.top + 4);
    context.fillText('0', kPad.left - 4, kPad.top + plotH);
    context.textAlign = 'left';
    context.fillText(`${Math.round(cpuTop)}%`, kPad.left + plotW + 4, kPad.top + 4);
    context.textBaseline = 'top';
    context.textAlign = 'right';
    context.fillText(fmt.seconds(end), kPad.left + plotW, kPad.top + plotH + 4);
    if (!time.length) return;

    // RSS: a line with a light fill under it.
    context.beginPath();
    context.moveTo(x(time[0]), yRss(0));
    for (let k = 0; k < time.length; ++k) context.lineTo(x(time[k]), yRss(rss[k]));
    context.lineTo(x(time[time.length - 1]), yRss(0));
    context.closePath();
    context.fillStyle = 'rgba(37, 99, 235, 0.12)';
    context.fill();
    polyline(context, time, rss, x, yRss);
    context.strokeStyle = kRss;
    context.lineWidth = 1.5;
    context.stroke();
    // CPU: dashed, so it stays apart from RSS where they cross.
    polyline(context, time, cpu, x, yCpu);
    context.setLineDash([4, 3]);
    context.strokeStyle = kCpu;
    context.stroke();
    context.setLineDash([]);
  }

  destroy() {
    this.observer.disconnect();
    this.canvas.remove();
  }
}

function polyline(context, time, values, x, y) {
  context.beginPath();
  for (let k = 0; k < time.length; ++k) {
    if (k) context.lineTo(x(time[k]), y(values[k]));
    else context.moveTo(x(time[k]), y(values[k]));
  }
}

/** The largest sample (Math.max(...values) would overflow the stack on a long compute). */
function peak(values) {
  let most = 0;
  for (const v of values) if (v > most) most = v;
  return most;
}

export const kChartColors = { rss: kRss, cpu: kCpu };
