// The profile a version-2 graph may carry: when each task ran and on which worker. Read into
// typed arrays once, so that colouring 100,000 tasks by duration or drawing them as bars in
// the task stream never walks the JSON objects again. A task the profiler did not see has
// NaN start and end and worker -1; a graph without any timing has none (null).

/** @returns null, or {start, end, worker, timed, workers, duration, scheduler} */
export function readTimings(graph) {
  const { tasks } = graph;
  const n = tasks.length;
  const start = new Float64Array(n).fill(NaN);
  const end = new Float64Array(n).fill(NaN);
  const worker = new Int32Array(n).fill(-1);
  let timed = 0;
  let latest = 0;
  let highestWorker = -1;
  for (let i = 0; i < n; ++i) {
    const timing = tasks[i].timing;
    if (!timing || !Number.isFinite(timing.start) || !Number.isFinite(timing.end)) continue;
    start[i] = timing.start;
    end[i] = timing.end;
    worker[i] = Number.isInteger(timing.worker) ? timing.worker : -1;
    timed += 1;
    latest = Math.max(latest, timing.end);
    highestWorker = Math.max(highestWorker, worker[i]);
  }
  if (!timed) return null;
  const profile = graph.profile ?? {};
  return {
    start,
    end,
    worker,
    timed,
    workers: Math.max(profile.workers ?? 0, highestWorker + 1, 1),
    // The profile's own figure when it has one: the compute can outlast its last task.
    duration: Number.isFinite(profile.duration) ? Math.max(profile.duration, latest) : latest,
    scheduler: profile.scheduler,
  };
}
