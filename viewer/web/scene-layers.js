// The layer view: one card per layer (an array the expression built) with its task count,
// shape, chunk size and dtype, and an arrow to each layer that reads it. Few nodes, so dagre
// lays it out and routes the arrows.

import * as fmt from './format.js';
import { dagreLayout } from './layout-dagre.js';
import { cardSize } from './card.js';

export function cardLines(layer) {
  return [
    `${fmt.plural(layer.tasks ?? 0, 'task')} · ${layer.dtype ?? '?'}`,
    `shape ${fmt.shape(layer.shape)}`,
    `chunks ${fmt.chunks(layer.chunks)}`,
  ];
}

/** @param withProgress  cards with room for a bar of their tasks by state (the dashboard) */
export function layerScene(model, { withProgress = false } = {}) {
  const { layers, layerDeps } = model;
  const n = layers.length;
  const edges = [];
  for (let i = 0; i < n; ++i) {
    for (let k = layerDeps.start[i]; k < layerDeps.start[i + 1]; ++k)
      edges.push(layerDeps.list[k], i);
  }
  const lines = layers.map(cardLines);
  const boxes = layers.map((layer, i) => cardSize(layer.op, lines[i], withProgress));
  const pairs = [];
  for (let e = 0; e < edges.length; e += 2) pairs.push([edges[e], edges[e + 1]]);
  const { nodes, routes } = dagreLayout(boxes, pairs, { nodesep: 28, ranksep: 48 });

  const x = Float64Array.from(nodes, (p) => p.x);
  const y = Float64Array.from(nodes, (p) => p.y);
  const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  boxes.forEach(({ width, height }, i) => {
    bbox.x0 = Math.min(bbox.x0, x[i] - width / 2);
    bbox.x1 = Math.max(bbox.x1, x[i] + width / 2);
    bbox.y0 = Math.min(bbox.y0, y[i] - height / 2);
    bbox.y1 = Math.max(bbox.y1, y[i] + height / 2);
  });

  return {
    kind: 'layers',
    count: n,
    x,
    y,
    op: layers.map((layer) => layer.op),
    edges: Int32Array.from(edges),
    routes,
    cards: { width: boxes.map((b) => b.width), height: boxes.map((b) => b.height), lines },
    bbox,
    // Cards are sized in CSS pixels at zoom 1; zooming further in than 1.5 only blurs.
    maxFitScale: 1.25,
    describe: (i) => describeLayer(model, i),
    unit: 'layer',
  };
}

function describeLayer(model, i) {
  const layer = model.layers[i];
  const inputs = [];
  for (let k = model.layerDeps.start[i]; k < model.layerDeps.start[i + 1]; ++k) {
    inputs.push(model.layers[model.layerDeps.list[k]].name);
  }
  return {
    title: 'Layer',
    op: layer.op,
    rows: [
      ['name', layer.name, 'key'],
      ['tasks', fmt.count(layer.tasks ?? 0)],
      ['shape', fmt.shape(layer.shape)],
      ['chunks', fmt.chunks(layer.chunks)],
      ['blocks', fmt.shape(layer.numblocks)],
      ['dtype', layer.dtype],
      ['reads', inputs.length ? inputs.join('\n') : 'nothing (a source)', 'key'],
      ...timingRows(model, i),
    ],
  };
}

/** How long a profiled layer's tasks took, together and each at most. */
function timingRows({ timings, taskLayer }, layer) {
  if (!timings) return [];
  let total = 0;
  let longest = 0;
  let timed = 0;
  for (let i = 0; i < taskLayer.length; ++i) {
    const d = timings.end[i] - timings.start[i];
    if (taskLayer[i] !== layer || !(d >= 0)) continue;
    total += d;
    longest = Math.max(longest, d);
    timed += 1;
  }
  if (!timed) return [];
  return [
    ['task time', `${fmt.seconds(total)} in all`],
    ['longest', fmt.seconds(longest)],
  ];
}
