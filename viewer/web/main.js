// The viewer page: loads the graph, draws the layer view (or the task view for #tasks), and
// switches between them. A graph with timings (version 2) also gets a task stream and can be
// coloured by duration. After each drawing the body records what it drew, for people and
// for the browser tests: data-view (layers|tasks), data-rendered-nodes, data-draw-ms (building
// and painting the view) and data-ready-ms (since the page began to load); and data-color-by
// (op|duration) and data-stream-bars (bars in the task stream) where they apply.

import './style.css';

import * as fmt from './format.js';
import { GraphError, loadGraphText, parseGraph } from './graph-data.js';
import { buildModel } from './model.js';
import { GraphCanvas } from './graph-canvas.js';
import { graphTitle } from './graph-title.js';
import { showDetails, showDurationLegend, showLegend } from './panel.js';
import { layerScene } from './scene-layers.js';
import { taskScene } from './scene-tasks.js';
import { colorBy } from './color-by.js';
import { TaskStream, describeStreamTask } from './task-stream.js';

const kBuilders = { layers: layerScene, tasks: taskScene };

const stage = document.getElementById('stage');
const status = document.getElementById('status');
const buttons = [...document.querySelectorAll('button[data-view]')];
const colorButtons = [...document.querySelectorAll('button[data-color]')];

/** #tasks or ?view=tasks open the task view; the layer view is the default. */
function requestedView() {
  const wanted = [location.hash.slice(1), new URLSearchParams(location.search).get('view')];
  return wanted.find((name) => name in kBuilders) ?? 'layers';
}

function setStatus(text, { error = false } = {}) {
  status.hidden = !text;
  status.textContent = text;
  status.classList.toggle('error', error);
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function showHeader(model) {
  const { graph, layers, tasks } = model;
  const title = graphTitle(model);
  document.getElementById('graph-title').textContent = title;
  document.title = `${title} — dagarray graph`;
  document.getElementById('graph-meta').textContent = [
    `${graph.format} v${graph.version}`,
    graph.optimized ? 'optimized' : 'as built (not optimized)',
    fmt.plural(layers.length, 'layer'),
    fmt.plural(tasks.length, 'task'),
    fmt.plural(graph.outputs.length, 'output'),
    ...profileSummary(model),
  ].join(' · ');
}

/** How long the profiled compute took and on how many workers, from its profile (v2). */
function profileSummary({ graph, timings }) {
  const profile = graph.profile ?? {};
  const duration = profile.duration ?? timings?.duration;
  const workers = profile.workers ?? timings?.workers;
  if (duration === undefined && workers === undefined) return [];
  const parts = [];
  if (duration !== undefined) parts.push(`ran in ${fmt.seconds(duration)}`);
  if (workers !== undefined) parts.push(`on ${fmt.plural(workers, 'worker')}`);
  if (profile.scheduler) parts.push(`(${profile.scheduler})`);
  return [parts.join(' ')];
}

/** The task stream of a profiled graph, under the drawing; null when there are no timings. */
function createStream(model) {
  const { timings } = model;
  if (!timings) return null;
  document.getElementById('stream-panel').hidden = false;
  document.getElementById('stream-meta').textContent =
    `${fmt.plural(timings.timed, 'task')} on ${fmt.plural(timings.workers, 'worker')}, ` +
    `${fmt.seconds(timings.duration)}`;
  const source = {
    count: model.tasks.length,
    worker: timings.worker,
    start: timings.start,
    end: timings.end,
    workers: timings.workers,
    now: timings.duration,
  };
  const stream = new TaskStream(document.getElementById('stream'), {
    describe: (i) => describeStreamTask(model, source, i, fmt.seconds),
    painted: (bars) => {
      document.body.dataset.streamBars = String(bars);
    },
  });
  return {
    color: ({ color, palette }) => stream.show({ ...source, color, palette }),
    screenPoint: (i) => stream.screenPoint(i),
  };
}

function createApp(model) {
  const scenes = {};
  const colors = new Map([...model.ops.values()].map(({ op, color }) => [op, color]));
  const stream = createStream(model);
  let coloring = colorBy(model, 'op');
  let canvas = null;
  let current = null;
  let drawing = Promise.resolve();
  let selected = -1;

  /** Colours the drawing, the legend and the stream as `coloring` says. */
  function applyColors() {
    canvas?.recolor(current === 'layers' ? coloring.layer : coloring.task);
    if (coloring.mode === 'duration') showDurationLegend(coloring, current);
    else showLegend(model, current);
    stream?.color(coloring.stream);
    colorButtons.forEach((b) =>
      b.setAttribute('aria-pressed', String(b.dataset.color === coloring.mode)),
    );
    document.body.dataset.colorBy = coloring.mode;
  }

  const details = (node) => {
    if (node < 0) return null;
    const described = scenes[current].describe(node);
    return { ...described, color: colors.get(described.op) };
  };
  const on = {
    hover: (node) => showDetails(details(node >= 0 ? node : selected), current),
    select: (node) => {
      selected = node;
      showDetails(details(node), current);
    },
  };

  async function drawView(kind) {
    if (kind === current) return;
    canvas?.destroy();
    canvas = null;
    current = kind;
    selected = -1;
    delete document.body.dataset.renderedNodes;
    document.body.dataset.view = kind;
    buttons.forEach((b) => {
      b.setAttribute('aria-pressed', String(b.dataset.view === kind));
      b.disabled = true;
    });
    showDetails(null, kind);
    const n = kind === 'layers' ? model.layers.length : model.tasks.length;
    setStatus(`Drawing ${fmt.plural(n, kind === 'layers' ? 'layer' : 'task')}…`);
    await nextFrame(); // let the message paint before the long synchronous part

    const start = performance.now();
    scenes[kind] ??= kBuilders[kind](model);
    if (scenes[kind].count) {
      canvas = new GraphCanvas(stage, scenes[kind], colors, on);
      applyColors();
      await canvas.painted();
      setStatus('');
    } else {
      applyColors();
      setStatus(`This graph has no ${kind}.`);
    }
    buttons.forEach((b) => {
      b.disabled = false;
    });
    document.body.dataset.drawMs = String(Math.round(performance.now() - start));
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.renderedNodes = String(scenes[kind].count);
  }

  // For automation such as the browser tests: where a node is on screen.
  window.dagarrayViewer = {
    locate: (node) => canvas?.screenPoint(node),
    streamPoint: (task) => stream?.screenPoint(task),
  };

  return {
    // Views are drawn one after another, so a second click waits for the first drawing.
    show(kind) {
      drawing = drawing.then(() => drawView(kind)).catch(fail);
      if (location.hash !== `#${kind}`) history.replaceState(null, '', `#${kind}`);
      return drawing;
    },
    fit: () => canvas?.fit(),
    colorBy(mode) {
      if (mode === coloring.mode || !model.timings) return;
      coloring = colorBy(model, mode);
      applyColors();
    },
  };
}

function fail(error) {
  const known = error instanceof GraphError;
  setStatus(known ? error.message : `The viewer failed: ${error?.message ?? error}`, {
    error: true,
  });
  document.body.dataset.error = known ? 'graph' : 'viewer';
  if (!known) console.error(error);
}

async function main() {
  let model;
  try {
    model = buildModel(parseGraph(await loadGraphText()));
  } catch (error) {
    document.getElementById('graph-title').textContent = 'No graph to show';
    document.querySelectorAll('.bar button').forEach((b) => {
      b.disabled = true;
    });
    fail(error);
    return;
  }
  showHeader(model);
  const app = createApp(model);
  buttons.forEach((b) => b.addEventListener('click', () => app.show(b.dataset.view)));
  document.getElementById('fit').addEventListener('click', app.fit);
  // Colouring by duration needs timings, which only a profiled (version 2) graph has.
  document.querySelector('.colors').hidden = !model.timings;
  colorButtons.forEach((b) => b.addEventListener('click', () => app.colorBy(b.dataset.color)));
  window.addEventListener('hashchange', () => app.show(requestedView()));
  window.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'l') app.show('layers');
    if (key === 't') app.show('tasks');
    if (key === 'f') app.fit();
    if (key === 'd') app.colorBy(document.body.dataset.colorBy === 'duration' ? 'op' : 'duration');
  });
  await app.show(requestedView());
}

main();
