// What a graph is called on a page: the format names no expression, so its outputs' layers
// (op and token) say best what it computes.

/** The distinct layers of the graph's outputs, joined; for an empty graph a plain phrase. */
export function graphTitle({ graph, tasks }) {
  const outputs = new Set(graph.outputs);
  const layers = new Set();
  for (const task of tasks) if (outputs.has(task.key)) layers.add(task.layer);
  return [...layers].join(', ') || 'Empty task graph';
}
