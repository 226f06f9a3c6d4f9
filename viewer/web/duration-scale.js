// Colours for how long tasks took. Durations in one graph span orders of magnitude (a fused
// block takes milliseconds, a combine of eight numbers microseconds), so the steps are equal
// on a log scale. Eight steps of viridis, short light and long dark, so the slow tasks stand
// out; viridis reads in order for colour-blind people and in grey. Its palest yellow is left
// out: it would vanish on the light stage.

import * as fmt from './format.js';

export const kDurationPalette = [
  '#b5de2b',
  '#6ece58',
  '#35b779',
  '#1f9e89',
  '#26828e',
  '#31688e',
  '#3e4989',
  '#482878',
];
export const kNoTiming = '#cbd5e1';

/**
 * @param durations  Float64Array, NaN where unknown
 * @returns {step(d) -> palette index (-1 if unknown), color(d), steps: [{color, from, to}]}
 */
export function durationScale(durations) {
  let least = Infinity;
  let most = 0;
  for (const d of durations) {
    if (!(d >= 0)) continue;
    most = Math.max(most, d);
    if (d > 0) least = Math.min(least, d);
  }
  if (!Number.isFinite(least)) least = most || 1e-6;
  // A floor a thousandth of the longest keeps one stray 0 µs task from flattening the rest.
  const low = Math.log(Math.max(least, most / 1e3, 1e-9));
  const high = Math.log(Math.max(most, 1e-9));
  const k = kDurationPalette.length;
  const width = high > low ? (high - low) / k : 1;

  const step = (d) => {
    if (!(d >= 0)) return -1;
    const s = Math.floor((Math.log(Math.max(d, 1e-12)) - low) / width);
    return Math.min(k - 1, Math.max(0, s));
  };
  const steps = kDurationPalette.map((color, s) => ({
    color,
    from: s === 0 ? 0 : Math.exp(low + s * width),
    to: s === k - 1 ? most : Math.exp(low + (s + 1) * width),
  }));
  return {
    step,
    color: (d) => kDurationPalette[step(d)] ?? kNoTiming,
    steps,
    label: ({ from, to }) =>
      from ? `${fmt.seconds(from)} – ${fmt.seconds(to)}` : `up to ${fmt.seconds(to)}`,
  };
}
