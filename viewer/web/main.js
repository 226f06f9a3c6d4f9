// The viewer page: loads the graph, draws the layer view (or the task view for #tasks), and
// switches between them. After each drawing the body records what it drew, for people and
// for the browser tests: data-view (layers|tasks), data-rendered-nodes, data-draw-ms (building
// and painting the view) and data-ready-ms (since the page began to load).

import './style.css';

import * as fmt from './format.js';
import { GraphError, loadGraphText, parseGraph } from './graph-data.js';
import { buildModel } from './model.js';
import { GraphCanvas } from './graph-canvas.js';
import { showDetails, showLegend } from './panel.js';
import { layerScene } from './scene-layers.js';
import { taskScene } from './scene-tasks.js';

const kBuilders = { layers: layerScene, tasks: taskScene };

const stage = document.getElementById('stage');
const status = document.getElementById('status');
const buttons = [...document.querySelectorAll('.views button')];

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
  const outputLayers = [
    ...new Set(
      graph.outputs.map((key) => {
        const task = tasks.find((t) => t.key === key);
        return task ? task.layer : key;
      }),
    ),
  ];
  // The format names no expression; its outputs' layers (op and token) say best what it is.
  const title = outputLayers.join(', ') || 'Empty task graph';
  document.getElementById('graph-title').textContent = title;
  document.title = `${title} — dagarray graph`;
  document.getElementById('graph-meta').textContent = [
    `${graph.format} v${graph.version}`,
    graph.optimized ? 'optimized' : 'as built (not optimized)',
    fmt.plural(layers.length, 'layer'),
    fmt.plural(tasks.length, 'task'),
    fmt.plural(graph.outputs.length, 'output'),
  ].join(' · ');
}

function createApp(model) {
  const scenes = {};
  const colors = new Map([...model.ops.values()].map(({ op, color }) => [op, color]));
  let canvas = null;
  let current = null;
  let drawing = Promise.resolve();
  let selected = -1;

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
    showLegend(model, kind);
    showDetails(null, kind);
    const n = kind === 'layers' ? model.layers.length : model.tasks.length;
    setStatus(`Drawing ${fmt.plural(n, kind === 'layers' ? 'layer' : 'task')}…`);
    await nextFrame(); // let the message paint before the long synchronous part

    const start = performance.now();
    scenes[kind] ??= kBuilders[kind](model);
    if (scenes[kind].count) {
      canvas = new GraphCanvas(stage, scenes[kind], colors, on);
      await canvas.painted();
      setStatus('');
    } else {
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
  window.dagarrayViewer = { locate: (node) => canvas?.screenPoint(node) };

  return {
    // Views are drawn one after another, so a second click waits for the first drawing.
    show(kind) {
      drawing = drawing.then(() => drawView(kind)).catch(fail);
      if (location.hash !== `#${kind}`) history.replaceState(null, '', `#${kind}`);
      return drawing;
    },
    fit: () => canvas?.fit(),
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
  window.addEventListener('hashchange', () => app.show(requestedView()));
  window.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'l') app.show('layers');
    if (key === 't') app.show('tasks');
    if (key === 'f') app.fit();
  });
  await app.show(requestedView());
}

main();
