// How far the compute is: the overall figures (tasks done of all, percent, time since it
// started, tasks a second) with one bar, and a bar per layer of its tasks by state. Each bar
// is done, failed and running segments over a grey track of what still waits. Written once per
// frame from the run's counts; an element's text or width is only set when it changed.

import { byId, element } from '../dom.js';
import * as fmt from '../format.js';
import { kDone, kFailed, kRunning } from './run.js';

function setText(e, text) {
  if (e.textContent !== text) e.textContent = text;
}

/** A bar: a track with a done, a failed and a running segment, in that order. */
function makeBar(className) {
  const track = element('div', `track ${className ?? ''}`);
  const segments = [kDone, kFailed, kRunning].map((state) => {
    const segment = element('span', `segment state-${state}`);
    track.append(segment);
    return [state, segment];
  });
  return { track, segments };
}

/** Sets a bar's segments from counts (indexed by state) out of `total`. */
function setBar({ segments }, counts, total) {
  for (const [state, segment] of segments) {
    const width = `${total ? (100 * counts[state]) / total : 0}%`;
    if (segment.style.width !== width) segment.style.width = width;
  }
}

export class ProgressPanel {
  constructor(model) {
    this.model = model;
    this.overall = makeBar('overall');
    byId('overall-bar').replaceChildren(this.overall.track);
    const list = byId('layer-bars');
    list.replaceChildren();
    this.rows = model.layers.map((layer) => {
      const item = element('li');
      const swatch = element('span', 'swatch');
      swatch.style.background = model.ops.get(layer.op).color;
      const name = element('span', 'name', layer.op);
      name.title = layer.name;
      const count = element('span', 'count');
      const bar = makeBar();
      const note = element('span', 'note');
      const head = element('div', 'head');
      head.append(swatch, name, count);
      item.append(head, bar.track, note);
      list.append(item);
      return { count, bar, note };
    });
  }

  /** Shows `run`'s counts; `now` is its elapsed time in seconds. */
  update(run, now) {
    const { counts, total, layerCounts } = run;
    const done = counts[kDone];
    setText(byId('done-figure'), `${fmt.count(done)} / ${fmt.count(total)}`);
    setText(byId('percent-figure'), `${percent(done, total, run)}%`);
    setText(byId('elapsed-figure'), fmt.seconds(now).replace(/^0 s$/, '0.00 s'));
    setText(byId('rate-figure'), fmt.count(Math.round(run.rate())));
    setText(byId('running-figure'), fmt.count(counts[kRunning]));
    setText(byId('failed-figure'), fmt.count(counts[kFailed]));
    byId('failed-figure').parentElement.classList.toggle('bad', counts[kFailed] > 0);
    setBar(this.overall, counts, total);

    this.rows.forEach(({ count, bar, note }, layer) => {
      const c = layerCounts.subarray(4 * layer, 4 * layer + 4);
      const all = c[0] + c[1] + c[2] + c[3];
      setText(count, `${fmt.count(c[kDone])} / ${fmt.count(all)}`);
      setBar(bar, c, all);
      const parts = [];
      if (c[kRunning]) parts.push(`${fmt.count(c[kRunning])} running`);
      if (c[kFailed]) parts.push(`${fmt.count(c[kFailed])} failed`);
      setText(note, parts.join(' · '));
    });
  }
}

/** Whole percent of tasks done, rounded down: 100 means every task is done. */
export function percent(done, total, run) {
  if (!total) return run?.ended?.ok ? 100 : 0;
  return Math.floor((100 * done) / total);
}
