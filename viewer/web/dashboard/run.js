// One compute as the dashboard knows it, from the messages of the dashboard's WebSocket
// protocol (version 1): every task's state, worker, start and end in typed arrays, the counts
// by state overall and per layer kept up to date as updates arrive, the memory samples, and
// the failures. A graph too large to be sent task by task comes at the "layers" detail: then
// the run knows only each layer's counts, which its updates set. Applying an update only
// writes numbers; drawing them is the frame's business (main.js), at most once per frame
// however many updates came.

import { kStateNames } from '../theme.js';

export const kWaiting = 0;
export const kRunning = 1;
export const kDone = 2;
export const kFailed = 3;
const kRateWindow = 3; // seconds of updates the rate of tasks is taken over

export class ComputeRun {
  /** @param message  the "compute" message; @param model  its graph, indexed (model.js) */
  constructor(message, model) {
    const n = model.tasks.length;
    this.id = message.compute;
    this.model = model;
    this.byLayer = message.detail === 'layers';
    this.taskCount = this.byLayer ? Math.max(0, Number(message.task_count) || 0) : n;
    this.workers = Math.max(1, Number(message.workers) || 1);
    this.scheduler = message.scheduler;
    this.state = new Uint8Array(n);
    this.worker = new Int32Array(n).fill(-1);
    this.start = new Float64Array(n).fill(NaN);
    this.end = new Float64Array(n).fill(NaN);
    this.counts = [this.taskCount, 0, 0, 0];
    // Four counts a layer (waiting, running, done, failed): the layer cards' bars read it whole.
    this.layerCounts = new Int32Array(4 * model.layers.length);
    if (this.byLayer) {
      model.layers.forEach((layer, l) => {
        this.layerCounts[4 * l] = message.layer_tasks?.[l] ?? layer.tasks ?? 0;
      });
    } else {
      for (const layer of model.taskLayer) this.layerCounts[4 * layer] += 1;
    }
    this.memory = { time: [], rss: [], cpu: [] };
    this.history = []; // [time, done] per update, for the rate of tasks over the last seconds
    this.failures = [];
    this.firstFailed = -1;
    this.ended = null; // the "end" message, once it came
    this.time = 0; // the latest time the server told, in seconds since the compute started
    this.receivedAt = performance.now();
    this.sawRunningTask = false;
    this.ignored = 0; // task entries that named no task of the graph
    this.mismatch = false;
  }

  get total() {
    return this.taskCount;
  }

  /** Applies an "update" message: only the tasks (or layers) that changed, and new samples. */
  applyUpdate(message) {
    const { state, worker, start, end, counts, layerCounts } = this;
    if (this.byLayer) this.applyLayers(message.layers ?? []);
    const { taskLayer } = this.model;
    for (const entry of message.tasks ?? []) {
      const [i, s, w, begin, finish] = entry;
      if (!(i >= 0 && i < state.length && s >= 0 && s <= 3) || !Number.isInteger(i)) {
        this.ignored += 1;
        continue;
      }
      const before = state[i];
      counts[before] -= 1;
      counts[s] += 1;
      layerCounts[4 * taskLayer[i] + before] -= 1;
      layerCounts[4 * taskLayer[i] + s] += 1;
      state[i] = s;
      worker[i] = Number.isInteger(w) ? w : -1;
      start[i] = typeof begin === 'number' ? begin : NaN;
      end[i] = typeof finish === 'number' ? finish : NaN;
      if (s === kRunning) this.sawRunningTask = true;
      if (s === kFailed && this.firstFailed < 0) this.firstFailed = i;
    }
    for (const [time, rss, cpu] of message.memory ?? []) {
      this.memory.time.push(time);
      this.memory.rss.push(rss);
      this.memory.cpu.push(cpu);
    }
    if (typeof message.time === 'number') this.tell(message.time);
    this.history.push([this.time, counts[kDone]]);
    while (this.history[0][0] < this.time - kRateWindow) this.history.shift();
    // The server's counts after the update: a check that no update was lost on the way.
    const told = message.counts;
    this.mismatch =
      told !== undefined &&
      kStateNames.some((name, s) => told[name] !== undefined && told[name] !== counts[s]);
  }

  /** Layer entries [layer, waiting, running, done, failed]: a layer's counts, as they are now. */
  applyLayers(entries) {
    const { counts, layerCounts } = this;
    for (const entry of entries) {
      const [l, ...now] = entry;
      const valid =
        Number.isInteger(l) && l >= 0 && 4 * l < layerCounts.length && now.length === 4 &&
        now.every((c) => Number.isInteger(c) && c >= 0);
      if (!valid) {
        this.ignored += 1;
        continue;
      }
      for (let s = 0; s < 4; ++s) {
        counts[s] += now[s] - layerCounts[4 * l + s];
        layerCounts[4 * l + s] = now[s];
      }
      if (now[kRunning] > 0) this.sawRunningTask = true;
    }
  }

  /** A "failed" message: a task threw. */
  fail(message) {
    this.failures.push(message);
    if (this.firstFailed < 0 && message.task >= 0 && message.task < this.total) {
      this.firstFailed = message.task;
    }
  }

  /** The "end" message: the compute is over. */
  finish(message) {
    this.ended = message;
    if (typeof message.time === 'number') this.tell(message.time);
  }

  tell(time) {
    this.time = Math.max(this.time, time);
    this.receivedAt = performance.now();
  }

  /** Seconds since the compute started: the server's latest word, plus the time since. */
  now() {
    if (this.ended) return this.time;
    return this.time + (performance.now() - this.receivedAt) / 1000;
  }

  /** idle | running | done | failed: failed as soon as any task failed or the compute did. */
  get phase() {
    const failed = this.counts[kFailed] > 0 || this.failures.length || this.ended?.ok === false;
    if (failed) return 'failed';
    return this.ended ? 'done' : 'running';
  }

  /** Tasks done a second: over the last few seconds while it runs, over the whole once over. */
  rate() {
    const done = this.counts[kDone];
    if (this.ended || this.history.length < 2) return this.time > 0 ? done / this.time : 0;
    const [since, doneThen] = this.history[0];
    return this.time > since ? (done - doneThen) / (this.time - since) : 0;
  }
}
