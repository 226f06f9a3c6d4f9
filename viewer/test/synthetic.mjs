// Synthetic graphs in the dagarray-graph format (version 1), shaped like `dagarray graph`'s π
// (uniform -> square -> sum -> less -> count_nonzero-partial -> a tree of fan-in 8), of any
// size: for working on the viewer without building the C++ tool. The tests use real exports.
//
//   node test/synthetic.mjs [--n 1e6] [--chunk 2.5e5] [--fan-in 8] > graph.json

import { pathToFileURL } from 'node:url';

const kDtypeBytes = { float64: 8, float32: 4, int64: 8, bool: 1 };

function hashName(op, salt) {
  let h = 0x811c9dc5;
  for (const c of `${op}:${salt}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `${op}-${h.toString(16).padStart(8, '0')}`;
}

function blockKey(name, block) {
  return `('${name}'${block.map((i) => `, ${i}`).join('')}${block.length ? '' : ','})`;
}

function splitChunks(n, chunk) {
  const chunks = [];
  for (let start = 0; start < n; start += chunk) chunks.push(Math.min(chunk, n - start));
  return chunks;
}

/** @returns {object} a graph in the dagarray-graph format. */
export function piGraph({ n = 1e6, chunk = 2.5e5, fanIn = 8 } = {}) {
  const layers = [];
  const tasks = [];

  // Adds one layer of 1-d (or 2-d with a leading 2) blocks; deps(i) gives the keys block i reads.
  function addLayer(op, { lead = [], chunks, dtype, deps, inputs }) {
    const name = hashName(op, layers.length);
    const blocks = chunks.length;
    const layerShape = [...lead, chunks.reduce((a, b) => a + b, 0)];
    layers.push({
      name,
      op,
      shape: layerShape,
      chunks: [...lead.map((d) => [d]), chunks],
      numblocks: [...lead.map(() => 1), blocks],
      dtype,
      tasks: blocks,
      dependencies: inputs.map((layer) => layer.name),
    });
    const keys = [];
    for (let i = 0; i < blocks; ++i) {
      const block = [...lead.map(() => 0), i];
      const shape = [...lead, chunks[i]];
      const key = blockKey(name, block);
      keys.push(key);
      tasks.push({
        key,
        layer: name,
        op,
        block,
        dependencies: deps(i),
        shape,
        dtype,
        bytes: shape.reduce((a, b) => a * b, 1) * kDtypeBytes[dtype],
      });
    }
    return { name, keys };
  }

  const chunks = splitChunks(n, chunk);
  const ones = chunks.map(() => 1);
  const uniform = addLayer('uniform', {
    lead: [2],
    chunks,
    dtype: 'float64',
    deps: () => [],
    inputs: [],
  });
  const square = addLayer('square', {
    lead: [2],
    chunks,
    dtype: 'float64',
    deps: (i) => [uniform.keys[i]],
    inputs: [uniform],
  });
  const sum = addLayer('sum', {
    chunks,
    dtype: 'float64',
    deps: (i) => [square.keys[i]],
    inputs: [square],
  });
  const less = addLayer('less', {
    chunks,
    dtype: 'bool',
    deps: (i) => [sum.keys[i]],
    inputs: [sum],
  });
  let level = addLayer('count_nonzero-partial', {
    chunks: ones,
    dtype: 'int64',
    deps: (i) => [less.keys[i]],
    inputs: [less],
  });
  // The partial counts meet in a tree of fan-in `fanIn`; its root is a 0-d task.
  while (level.keys.length > 1) {
    const below = level;
    const groups = Math.ceil(below.keys.length / fanIn);
    const groupDeps = (i) => below.keys.slice(i * fanIn, (i + 1) * fanIn);
    if (groups === 1) {
      level = addScalar('count_nonzero', groupDeps(0), below);
    } else {
      level = addLayer('count_nonzero-combine', {
        chunks: Array(groups).fill(1),
        dtype: 'int64',
        deps: groupDeps,
        inputs: [below],
      });
    }
  }

  function addScalar(op, deps, input) {
    const name = hashName(op, layers.length);
    layers.push({
      name,
      op,
      shape: [],
      chunks: [],
      numblocks: [],
      dtype: 'int64',
      tasks: 1,
      dependencies: [input.name],
    });
    const key = blockKey(name, []);
    tasks.push({
      key,
      layer: name,
      op,
      block: [],
      dependencies: deps,
      shape: [],
      dtype: 'int64',
      bytes: 8,
    });
    return { name, keys: [key] };
  }

  return {
    format: 'dagarray-graph',
    version: 1,
    optimized: true,
    layers,
    tasks,
    outputs: level.keys,
  };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    options[name] = Number(argv[i + 1]);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(piGraph(parseArgs(process.argv.slice(2)))) + '\n');
}
