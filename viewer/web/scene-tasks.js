// The task view: one node per task, labelled with its op and block index, an edge from each
// task it reads, coloured by op, roots at the left and outputs at the right.

import * as fmt from './format.js';
import { dagreLayout } from './layout-dagre.js';
import { depthLayout } from './layout-depth.js';
import { kFont } from './theme.js';

// Up to this many tasks dagre's layout (fewer crossings) takes a few tenths of a second; above
// it the linear-time placement by depth takes over.
export const kDagreLimit = 600;

// Layout units are CSS pixels at zoom 1. A label sits centred above its dot, clear of the
// edges, which run level with the dots; labels show once rows are far enough apart on screen
// for them, and the layouts leave room for them from that zoom on.
export const kLabelFont = `12px ${kFont}`;
const kRadius = 4.5;
const kRow = 30; // layout units between neighbours in a column
const kRowZoom = 22 / kRow; // labels need rows 22 pixels apart on screen
const kRankGap = 40; // dagre's gap between the boxes of neighbouring columns

export const taskLabel = (task) => `${task.op} ${fmt.block(task.block)}`;

function widestLabel(tasks) {
  const context = document.createElement('canvas').getContext('2d');
  context.font = kLabelFont;
  // Measuring every label of 100,000 costs more than it tells: the longest op with the longest
  // block index is as wide as any.
  const longest = (pick) =>
    tasks.reduce((best, task) => (pick(task).length > pick(best).length ? task : best));
  const op = longest((t) => t.op).op;
  const block = fmt.block(longest((t) => fmt.block(t.block)).block);
  return context.measureText(`${op} ${block}`).width;
}

/** @returns {x, y, labelZoom}: positions, and the zoom from which labels fit both ways. */
function layout(model, edges, labelWidth) {
  const { tasks, taskDeps, taskDepth } = model;
  const labelBox = labelWidth + 8;
  if (tasks.length <= kDagreLimit) {
    const pairs = [];
    for (let e = 0; e < edges.length; e += 2) pairs.push([edges[e], edges[e + 1]]);
    // Each box holds the dot and its label; the dot is at its centre.
    const box = { width: labelBox, height: 2 * kRadius };
    const { nodes } = dagreLayout(
      tasks.map(() => box),
      pairs,
      { nodesep: kRow - box.height, ranksep: kRankGap },
    );
    return {
      x: Float64Array.from(nodes, (p) => p.x),
      y: Float64Array.from(nodes, (p) => p.y),
      labelZoom: Math.max(kRowZoom, labelBox / (labelBox + kRankGap)),
    };
  }
  // Columns far enough apart for the labels at the zoom rows make room for them.
  const columnGap = (labelBox + kRankGap) / kRowZoom;
  const { column, row } = depthLayout(taskDeps, taskDepth);
  return { x: column.map((c) => c * columnGap), y: row.map((r) => r * kRow), labelZoom: kRowZoom };
}

export function taskScene(model) {
  const { tasks, taskDeps } = model;
  const edges = new Int32Array(2 * taskDeps.list.length);
  let e = 0;
  for (let i = 0; i < tasks.length; ++i) {
    for (let k = taskDeps.start[i]; k < taskDeps.start[i + 1]; ++k) {
      edges[e++] = taskDeps.list[k];
      edges[e++] = i;
    }
  }
  const labelWidth = widestLabel(tasks);
  const { x, y, labelZoom } = layout(model, edges, labelWidth);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < tasks.length; ++i) {
    x0 = Math.min(x0, x[i]);
    x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]);
    y1 = Math.max(y1, y[i]);
  }
  // Room for the labels: above the dots, and half a label to either side.
  const bbox = {
    x0: x0 - labelWidth / 2,
    y0: y0 - kRadius - 18,
    x1: x1 + labelWidth / 2,
    y1: y1 + kRadius,
  };
  return {
    kind: 'tasks',
    count: tasks.length,
    x,
    y,
    radius: kRadius,
    op: tasks.map((task) => task.op),
    label: (i) => taskLabel(tasks[i]),
    labelFont: kLabelFont,
    labelZoom,
    edges,
    bbox,
    maxFitScale: 1.5,
    // A graph of 20,000 rows and 10 columns would fit as a thin sliver: far out, the columns
    // spread to fill the width (see view-transform.js).
    stretch: true,
    describe: (i) => describeTask(model, i),
    unit: 'task',
  };
}

function describeTask(model, i) {
  const task = model.tasks[i];
  const inputs = model.taskDeps.start[i + 1] - model.taskDeps.start[i];
  return {
    title: model.outputs.has(task.key) ? 'Task (an output)' : 'Task',
    op: task.op,
    rows: [
      ['key', task.key, 'key'],
      ['block', fmt.block(task.block)],
      ['shape', fmt.shape(task.shape)],
      ['dtype', task.dtype],
      ['bytes', fmt.bytes(task.bytes)],
      ['reads', fmt.plural(inputs, 'task')],
      ['read by', fmt.plural(model.dependents[i], 'task')],
      ['layer', task.layer, 'key'],
      ...timingRows(model.timings, i),
    ],
  };
}

/** When and where a profiled task ran, for a version-2 graph with timings. */
function timingRows(timings, i) {
  if (!timings || !(timings.start[i] >= 0)) return [];
  const w = timings.worker[i];
  return [
    ['worker', w >= 0 ? `w${w}` : 'unknown'],
    ['started', `at ${fmt.seconds(timings.start[i])}`],
    ['took', fmt.seconds(timings.end[i] - timings.start[i])],
  ];
}
