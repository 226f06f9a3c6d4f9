// The graph indexed for drawing: tasks and layers by position, their dependencies as
// compressed lists of positions (compact and quick at 100,000 tasks), and the longest-path
// depth of each from the roots, which both layouts use; and, for a version-2 graph with a
// profile, each task's timing.

import { GraphError } from './graph-data.js';
import { opColors } from './colors.js';
import { readTimings } from './timings.js';

/** Dependencies as compressed rows: the items row i depends on are list[start[i]..start[i+1]). */
function indexDependencies(items, indexOf, what) {
  const start = new Int32Array(items.length + 1);
  const list = [];
  items.forEach((item, i) => {
    if (!Array.isArray(item.dependencies)) {
      throw new GraphError(`${what} ${i} has no "dependencies" list.`);
    }
    for (const name of item.dependencies) {
      const j = indexOf.get(name);
      if (j === undefined || j >= i) {
        const where = j === undefined ? 'in the graph' : 'before it';
        throw new GraphError(
          `${what} ${JSON.stringify(item.key ?? item.name)} depends on ${JSON.stringify(name)}, ` +
            `which is not ${where} (items must be in topological order).`,
        );
      }
      list.push(j);
    }
    start[i + 1] = list.length;
  });
  return { start, list: Int32Array.from(list) };
}

/** Longest path from a root: roots are 0, everything else one more than its deepest input. */
function depths({ start, list }) {
  const depth = new Int32Array(start.length - 1);
  for (let i = 0; i < depth.length; ++i) {
    let d = 0;
    for (let k = start[i]; k < start[i + 1]; ++k) d = Math.max(d, depth[list[k]] + 1);
    depth[i] = d;
  }
  return depth;
}

function indexNames(items, field, what) {
  const index = new Map();
  items.forEach((item, i) => {
    const name = item?.[field];
    if (typeof name !== 'string') throw new GraphError(`${what} ${i} has no "${field}".`);
    if (index.has(name)) throw new GraphError(`${what} ${JSON.stringify(name)} appears twice.`);
    index.set(name, i);
  });
  return index;
}

export function buildModel(graph) {
  const { layers, tasks } = graph;
  const layerIndex = indexNames(layers, 'name', 'Layer');
  const taskIndex = indexNames(tasks, 'key', 'Task');

  const taskLayer = new Int32Array(tasks.length);
  tasks.forEach((task, i) => {
    const layer = layerIndex.get(task.layer);
    if (layer === undefined) {
      throw new GraphError(
        `Task ${JSON.stringify(task.key)} names layer ${JSON.stringify(task.layer)}, ` +
          'which is not in the graph.',
      );
    }
    taskLayer[i] = layer;
  });

  const layerDeps = indexDependencies(layers, layerIndex, 'Layer');
  const taskDeps = indexDependencies(tasks, taskIndex, 'Task');
  const dependents = new Int32Array(tasks.length);
  for (const j of taskDeps.list) dependents[j] += 1;

  // Ops in order of first appearance, so the legend reads like the pipeline.
  const ops = new Map();
  layers.forEach((layer) => {
    if (!ops.has(layer.op)) ops.set(layer.op, { op: layer.op, layers: 0, tasks: 0 });
    const entry = ops.get(layer.op);
    entry.layers += 1;
    entry.tasks += layer.tasks ?? 0;
  });
  const colors = opColors([...ops.keys()]);
  for (const entry of ops.values()) entry.color = colors.get(entry.op);
  // Each task's op as its place in `ops` (its layer's op, which the task repeats), so that
  // 100,000 tasks can be grouped by colour with no string lookups.
  const opNumber = new Map([...ops.keys()].map((op, k) => [op, k]));
  const taskOp = Uint32Array.from(taskLayer, (layer) => opNumber.get(layers[layer].op));

  return {
    graph,
    layers,
    tasks,
    taskLayer,
    layerDeps,
    taskDeps,
    dependents,
    layerDepth: depths(layerDeps),
    taskDepth: depths(taskDeps),
    ops,
    taskOp,
    outputs: new Set(graph.outputs),
    timings: readTimings(graph),
  };
}
