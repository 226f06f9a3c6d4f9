// What a graph is called on a page: the format names no expression, so its outputs' layers
// (op and token) say best what it computes. A graph of layers only (the dashboard's, for a
// graph too large to send task by task) names no outputs: its last layers, those no other
// layer reads, say the same.

/** The distinct layers of the graph's outputs, joined; for an empty graph a plain phrase. */
export function graphTitle({ graph, tasks, layers }) {
  const outputs = new Set(graph.outputs);
  const names = new Set();
  for (const task of tasks) if (outputs.has(task.key)) names.add(task.layer);
  if (!tasks.length) {
    const read = new Set(layers.flatMap((layer) => layer.dependencies));
    for (const layer of layers) if (!read.has(layer.name)) names.add(layer.name);
  }
  return [...names].join(', ') || 'Empty task graph';
}
