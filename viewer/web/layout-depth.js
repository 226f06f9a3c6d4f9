// Layered placement for task graphs too large for dagre (its crossing reduction grows much
// faster than the graph; 100,000 tasks would take minutes): x is the longest-path depth from
// the roots, and within a depth each task sits at the mean height of its inputs (one
// barycentre sweep, as the first pass of Sugiyama's method), pushed down just enough that no
// two overlap. A pipeline then reads as straight rows and a reduction as a tree. O(E + N log N).

/**
 * @param deps   compressed dependency rows: {start, list}, items in topological order
 * @param depth  longest-path depth of each item
 * @returns {column, row} as Float64Arrays: the column is the depth; rows are 1 apart at least
 */
export function depthLayout({ start, list }, depth) {
  const n = depth.length;
  let columns = 0;
  for (let i = 0; i < n; ++i) columns = Math.max(columns, depth[i] + 1);
  const members = Array.from({ length: columns }, () => []);
  for (let i = 0; i < n; ++i) members[depth[i]].push(i);

  const row = new Float64Array(n);
  const wish = new Float64Array(n);
  for (const column of members) {
    for (const i of column) {
      const inputs = start[i + 1] - start[i];
      let sum = 0;
      for (let k = start[i]; k < start[i + 1]; ++k) sum += row[list[k]];
      // Roots keep their order in the file, the order the export gives blocks in.
      wish[i] = inputs ? sum / inputs : -Infinity;
    }
    column.sort((a, b) => wish[a] - wish[b] || a - b);
    let previous = -1;
    for (const i of column) {
      row[i] = Math.max(wish[i], previous + 1);
      previous = row[i];
    }
  }
  return { column: Float64Array.from(depth), row };
}
