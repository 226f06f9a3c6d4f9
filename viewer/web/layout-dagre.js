// Layered layout by dagre (Sugiyama's method: ranks, crossing reduction, coordinates, edge
// routes), for graphs small enough for it: the layer view, and task views of a few thousand
// tasks at most.

import dagre from '@dagrejs/dagre';

/**
 * @param boxes  per node, its {width, height} in layout units
 * @param edges  [from, to] pairs of node positions
 * @returns {nodes, routes}: per node the centre {x, y} of its box (roots at the left, y
 *          growing downwards); per edge the points of its route, from box edge to box edge.
 */
export function dagreLayout(boxes, edges, { nodesep = 24, ranksep = 60 } = {}) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep, ranksep, marginx: 0, marginy: 0 });
  boxes.forEach((box, i) => g.setNode(String(i), { width: box.width, height: box.height }));
  edges.forEach(([from, to], e) => g.setEdge(String(from), String(to), {}, String(e)));
  dagre.layout(g);
  return {
    nodes: boxes.map((_, i) => {
      const { x, y } = g.node(String(i));
      return { x, y };
    }),
    routes: edges.map(([from, to], e) => g.edge(String(from), String(to), String(e)).points),
  };
}
