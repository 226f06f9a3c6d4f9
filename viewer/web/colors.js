// One colour per op. Tableau's categorical palettes: designed so that neighbouring colours stay
// apart, and readable on white; the second ten are the lighter partners of the first.
const kPalette = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#ff9d9a',
  '#d4a6c8',
  '#86bcb6',
  '#f1ce63',
  '#d7b5a6',
  '#fabfd2',
  '#79706e',
];

/** Colours for ops in the order given (first appearance in the graph), cycling past 20. */
export function opColors(ops) {
  return new Map(ops.map((op, i) => [op, kPalette[i % kPalette.length]]));
}
