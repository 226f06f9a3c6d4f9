// Where the graph comes from: the page's own graph-data element (a file written by
// `dagarray graph --format html`), else graph.json next to the page (`dagarray serve`).
// Anything that is not a dagarray-graph of a version this page reads becomes a GraphError,
// whose message the page shows instead of a drawing. Version 2 only adds optional members
// (a profile, and each task's timing), so one reader takes both.

export const kFormat = 'dagarray-graph';
export const kVersions = [1, 2];

export class GraphError extends Error {}

export async function loadGraphText() {
  const embedded = document.getElementById('graph-data')?.textContent.trim();
  if (embedded) return embedded;
  if (location.protocol === 'file:') {
    throw new GraphError(
      'This page holds no graph. Write one with ' +
        '`dagarray graph --format html`, or serve a JSON export with ' +
        '`dagarray serve FILE.json`.',
    );
  }
  let response;
  try {
    response = await fetch('graph.json', { cache: 'no-store' });
  } catch (error) {
    throw new GraphError(`Could not fetch graph.json: ${error.message}`);
  }
  if (!response.ok) {
    throw new GraphError(
      `Could not fetch graph.json: HTTP ${response.status} ${response.statusText}`,
    );
  }
  return response.text();
}

/** Parses and checks the envelope; the model checks the references between items. */
export function parseGraph(text) {
  let graph;
  try {
    graph = JSON.parse(text);
  } catch (error) {
    throw new GraphError(`The graph is not valid JSON: ${error.message}`);
  }
  return checkGraph(graph);
}

/** Checks the envelope of a graph already parsed (the dashboard gets it inside a message). */
export function checkGraph(graph) {
  if (graph === null || typeof graph !== 'object' || graph.format !== kFormat) {
    const found =
      graph?.format === undefined ? 'no "format" field' : `format ${JSON.stringify(graph.format)}`;
    throw new GraphError(
      `This is not a dagarray task graph: expected format "${kFormat}", found ${found}.`,
    );
  }
  if (!kVersions.includes(graph.version)) {
    throw new GraphError(
      `This viewer reads versions ${kVersions.join(' and ')} of the ${kFormat} format; ` +
        `the graph is version ${JSON.stringify(graph.version)}.`,
    );
  }
  for (const field of ['layers', 'tasks', 'outputs']) {
    if (!Array.isArray(graph[field])) {
      throw new GraphError(`The graph's "${field}" is missing or not a list.`);
    }
  }
  return graph;
}
