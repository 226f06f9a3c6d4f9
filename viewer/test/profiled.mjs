// Graphs in the dagarray-graph format version 2, made from the checked-in example and from
// synthetic.mjs, for tests of what version 2 adds (a profile, and each task's timing) before
// and apart from the C++ export writing them. Every time is made up, but deterministically.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

/** docs/examples/pi-graph-optimized.json (π in 4 chunks, fused: 5 tasks) as version 2. */
export function exampleGraph() {
  const graph = JSON.parse(readFileSync(join(docs, 'examples', 'pi-graph-optimized.json'), 'utf8'));
  return { ...graph, version: 2 };
}

/**
 * `graph` as a profiled compute on `workers` workers would export it: tasks run in index order
 * (a topological order), each on the worker free first, `unit` seconds times a per-task factor
 * long. Returns a new graph: version 2 with a profile and every task's timing.
 */
export function withTimings(graph, { workers = 2, unit = 0.004 } = {}) {
  const free = new Array(workers).fill(0);
  const endOf = new Map();
  const tasks = graph.tasks.map((task, i) => {
    const ready = Math.max(0, ...task.dependencies.map((key) => endOf.get(key) ?? 0));
    let worker = 0;
    for (let w = 1; w < workers; ++w) if (free[w] < free[worker]) worker = w;
    const start = Math.max(ready, free[worker]);
    const end = start + unit * (1 + (i % 5)) * (task.dependencies.length ? 0.25 : 1);
    free[worker] = end;
    endOf.set(task.key, end);
    return { ...task, timing: { start, end, worker } };
  });
  const duration = Math.max(...free) + unit / 10;
  return {
    ...graph,
    version: 2,
    profile: { duration, scheduler: 'threads', workers },
    tasks,
  };
}
