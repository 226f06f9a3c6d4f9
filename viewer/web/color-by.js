// What the viewer colours by: each task's op (always), or how long it took (a graph with
// timings). One choice feeds the graph (a colour per task, and per layer card), the task
// stream (a palette number per task) and the legend alike, so that they always agree.

import { durationScale, kDurationPalette } from './duration-scale.js';

export const kColorModes = ['op', 'duration'];

function byOp(model) {
  const palette = [...model.ops.values()].map((entry) => entry.color);
  return {
    mode: 'op',
    task: null, // the canvas's own op colours
    layer: null,
    stream: { color: model.taskOp, palette },
  };
}

function byDuration(model) {
  const { timings, taskLayer, layers } = model;
  const duration = new Float64Array(timings.start.length);
  for (let i = 0; i < duration.length; ++i) duration[i] = timings.end[i] - timings.start[i];
  const scale = durationScale(duration);

  // A layer's card takes the colour of its tasks' mean duration.
  const sum = new Float64Array(layers.length);
  const timed = new Int32Array(layers.length);
  const steps = new Int32Array(kDurationPalette.length);
  const color = new Uint8Array(duration.length);
  for (let i = 0; i < duration.length; ++i) {
    const step = scale.step(duration[i]);
    if (step < 0) continue;
    color[i] = step;
    steps[step] += 1;
    sum[taskLayer[i]] += duration[i];
    timed[taskLayer[i]] += 1;
  }
  return {
    mode: 'duration',
    task: (i) => scale.color(duration[i]),
    layer: (i) => scale.color(timed[i] ? sum[i] / timed[i] : NaN),
    stream: { color, palette: kDurationPalette },
    legend: scale.steps.map((step, s) => ({ ...step, label: scale.label(step), tasks: steps[s] })),
    untimed: duration.length - timings.timed,
  };
}

/** @returns {mode, task, layer: node -> colour or null for op colours, stream, legend?} */
export function colorBy(model, mode) {
  return mode === 'duration' && model.timings ? byDuration(model) : byOp(model);
}
