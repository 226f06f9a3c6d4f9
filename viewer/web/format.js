// How numbers, shapes and sizes read in labels and in the details panel.

const kGrouped = new Intl.NumberFormat('en-US');

export const count = (n) => kGrouped.format(n);

export const plural = (n, word) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** (2, 1,000,000) as NumPy prints a shape; () for a 0-d array. */
export function shape(dims) {
  if (!Array.isArray(dims)) return '?';
  return `(${dims.map(count).join(', ')}${dims.length === 1 ? ',' : ''})`;
}

/** A task's block index, as in its key: (0, 3). */
export function block(index) {
  return Array.isArray(index) ? `(${index.join(', ')})` : '';
}

/** The chunk size per axis: one number when the chunks on an axis are alike (but for a shorter
 * last one, as Dask makes them), else the range. */
export function chunks(perAxis) {
  if (!Array.isArray(perAxis) || perAxis.length === 0) return '()';
  const axes = perAxis.map((sizes) => {
    const first = sizes[0] ?? 0;
    const alike = sizes.every((s, i) => s === first || (i === sizes.length - 1 && s < first));
    if (alike) return count(first);
    const least = sizes.reduce((a, b) => Math.min(a, b));
    const most = sizes.reduce((a, b) => Math.max(a, b));
    return `${count(least)}–${count(most)}`;
  });
  return `(${axes.join(', ')}${axes.length === 1 ? ',' : ''})`;
}

export function bytes(n) {
  if (typeof n !== 'number') return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
  return unit === 0 ? text : `${text} (${count(n)} B)`;
}

/** A time in seconds as people read it: 340 µs, 12.5 ms, 1.25 s, 2 min 5 s. */
export function seconds(s) {
  if (!Number.isFinite(s)) return '?';
  const a = Math.abs(s);
  const short = (x) => String(Number(x.toPrecision(3))); // three digits, no trailing zeros
  if (a === 0) return '0 s';
  if (a < 1e-3) return `${short(s * 1e6)} µs`;
  if (a < 1) return `${short(s * 1e3)} ms`;
  if (a < 60) return `${s.toFixed(a < 10 ? 2 : 1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Bytes in one short figure, for charts and summaries: 512 B, 1.2 MiB, 3.4 GiB. */
export function shortBytes(n) {
  if (!Number.isFinite(n)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
