// The live dashboard: follows the computes of one process over the `events` WebSocket and
// shows the latest as it runs. Messages only change numbers (run.js); everything is drawn in
// one animation frame after them, so 100,000 tasks and ten updates a second cost one repaint
// a frame at most, never one a message.
//
// For people and tests the body records, after each frame: data-connected (true|false),
// data-compute-state (idle|running|done|failed), data-progress (whole percent of tasks done),
// data-tasks-done, data-tasks-total, data-saw-running (true once a task was seen running or a
// frame showed a compute in progress), data-failed-key (the first failed task's key),
// data-updates (update messages applied since the page loaded), data-stream-bars (bars in the
// task stream), data-graph-view (layers|tasks), data-detail (tasks|layers: what the server
// sends of this compute) and data-drops (times the server cut this page off for falling
// behind).

import '../style.css';
import './dashboard.css';

import { byId } from '../dom.js';
import * as fmt from '../format.js';
import { GraphError, checkGraph } from '../graph-data.js';
import { graphTitle } from '../graph-title.js';
import { buildModel } from '../model.js';
import { TaskStream, describeStreamTask } from '../task-stream.js';
import { connect, eventsUrl } from './connection.js';
import { FailurePanel } from './failure-panel.js';
import { GraphView } from './graph-view.js';
import { MemoryChart } from './memory-chart.js';
import { ProgressPanel, percent } from './progress-panel.js';
import { ComputeRun, kDone } from './run.js';

const kTickMs = 250; // while a compute runs, the clock and running bars move this often at least
const kFellBehind = 1013; // the close code of a page the server cut off for falling behind

const data = document.body.dataset;

const page = {
  connected: false,
  run: null,
  progress: null,
  streamSource: null,
  updates: 0,
  drops: 0,
  sawRunning: false,
  frame: 0,
};

const stream = new TaskStream(byId('stream'), {
  describe: (i) => describeStreamTask(page.run.model, page.streamSource, i, fmt.seconds),
});
const memory = new MemoryChart(byId('memory-chart'));
const failures = new FailurePanel();
const graph = new GraphView(
  byId('graph-stage'),
  [...document.querySelectorAll('button[data-view]')],
  (line) => {
    byId('graph-hover').textContent = line || 'Hover a node for its state.';
  },
);

// For automation such as the browser tests: where a task's bar is in the task stream.
window.dagarrayDashboard = { streamPoint: (i) => stream.screenPoint(i) };

/** Draws at the next animation frame: once, however many messages arrive before it. */
function invalidate() {
  page.frame ||= requestAnimationFrame(render);
}

function showHeader(run) {
  const { model } = run;
  const title = graphTitle(model);
  byId('compute-title').textContent = title;
  document.title = `${title} — dagarray dashboard`;
  byId('compute-meta').textContent = [
    `compute ${run.id}`,
    fmt.plural(run.total, 'task'),
    fmt.plural(model.layers.length, 'layer'),
    `${fmt.plural(run.workers, 'worker')}${run.scheduler ? ` (${run.scheduler})` : ''}`,
  ].join(' · ');
  byId('stream-meta').textContent = run.byLayer
    ? 'off: a graph this large is sent as counts by layer, not task by task'
    : 'one row per worker; bars coloured by op';
}

function startCompute(message) {
  let model = page.run?.id === message.compute ? page.run.model : null;
  if (!model) {
    try {
      model = buildModel(checkGraph(message.graph));
    } catch (error) {
      // The previous compute is over for the server too: show why this one cannot be shown.
      page.run = null;
      graph.clear();
      showProblem(`Compute ${message.compute}: ${error.message ?? error}`);
      if (!(error instanceof GraphError)) console.error(error);
      return;
    }
  }
  const sameModel = model === page.run?.model;
  const run = new ComputeRun(message, model);
  page.run = run;
  page.sawRunning = false;
  page.streamSource = {
    count: model.tasks.length,
    worker: run.worker,
    start: run.start,
    end: run.end,
    color: model.taskOp,
    palette: [...model.ops.values()].map((entry) => entry.color),
    workers: run.workers,
    now: 0,
  };
  stream.show(page.streamSource);
  if (!sameModel) {
    page.progress = new ProgressPanel(model);
    graph.setModel(model, { layersOnly: run.byLayer });
  }
  byId('idle').hidden = true;
  showProblem('');
  showHeader(run);
}

function showProblem(text) {
  const idle = byId('idle');
  if (text) {
    idle.hidden = false;
    idle.textContent = text;
    idle.classList.add('error');
  } else {
    idle.classList.remove('error');
  }
}

function onMessage(message) {
  const { run } = page;
  const current = run && message.compute === run.id;
  switch (message.type) {
    case 'hello':
      if (message.protocol !== 1) console.warn(`dashboard protocol ${message.protocol}, not 1`);
      break;
    case 'compute':
      startCompute(message);
      break;
    case 'update':
      if (!current) return;
      run.applyUpdate(message);
      page.updates += 1;
      break;
    case 'failed':
      if (current) run.fail(message);
      break;
    case 'end':
      if (current) run.finish(message);
      break;
    default:
      return; // a later protocol's message: nothing to show
  }
  invalidate();
}

function showConnection() {
  const chip = byId('connection');
  chip.textContent = page.connected ? 'connected' : 'disconnected — retrying';
  chip.classList.toggle('down', !page.connected);
}

function render() {
  page.frame = 0;
  data.connected = String(page.connected);
  data.drops = String(page.drops);
  showConnection();
  const { run } = page;
  if (!run) {
    data.computeState = 'idle';
    data.updates = String(page.updates);
    return;
  }
  const now = run.now();
  const phase = run.phase;
  if (!run.ended || run.sawRunningTask) page.sawRunning = true;

  page.progress.update(run, now);
  page.streamSource.now = now;
  data.streamBars = String(stream.paintNow());
  memory.paint(run.memory, now, run.workers);
  showMemoryFigures(run);
  graph.update(run);
  const failedKey = failures.update(run);

  const chip = byId('phase');
  chip.textContent = phase;
  chip.className = `chip phase-${phase}`;
  Object.assign(data, {
    computeState: phase,
    progress: String(percent(run.counts[kDone], run.total, run)),
    tasksDone: String(run.counts[kDone]),
    tasksTotal: String(run.total),
    detail: run.byLayer ? 'layers' : 'tasks',
    sawRunning: String(page.sawRunning),
    updates: String(page.updates),
  });
  if (failedKey) data.failedKey = failedKey;
  else delete data.failedKey;
}

function showMemoryFigures({ memory: samples }) {
  const last = samples.time.length - 1;
  if (last < 0) {
    byId('memory-figures').textContent = 'no samples yet';
    return;
  }
  let peak = 0;
  for (const v of samples.rss) peak = Math.max(peak, v);
  byId('memory-figures').textContent =
    `RSS ${fmt.shortBytes(samples.rss[last])} (peak ${fmt.shortBytes(peak)}) · ` +
    `CPU ${Math.round(samples.cpu[last])}%`;
}

function main() {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') {
    showProblem(
      'This page shows a running compute live: open it from the dagarray process that ' +
        'serves it (dagarray pi … --dashboard), not from a file.',
    );
    render();
    return;
  }
  connect(eventsUrl(location.href), {
    open: () => {
      page.connected = true;
      invalidate();
    },
    close: ({ code, reason }) => {
      page.connected = false;
      if (code === kFellBehind) {
        // Shown until the compute's state arrives again; a page that can never catch up (a
        // first message larger than the server's queue) keeps saying why.
        page.drops += 1;
        showProblem(
          `The dashboard disconnected this page: ${reason || 'it fell behind'}. Reconnecting…`,
        );
      }
      invalidate();
    },
    message: onMessage,
  });
  setInterval(() => {
    if (page.run && !page.run.ended) invalidate();
  }, kTickMs);
  render();
}

main();
