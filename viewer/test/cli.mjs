// The dagarray tool as the browser tests use it: exports written by `dagarray graph`, checked
// against docs/graph.schema.json, and `dagarray serve` started on a free port.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** The tool under test: $DAGARRAY_CLI, else the Release build's. */
export const cliPath = () => process.env.DAGARRAY_CLI ?? join(root, 'build', 'tools', 'dagarray');
export const kSchema = process.env.DAGARRAY_SCHEMA ?? join(root, 'docs', 'graph.schema.json');
export const kArtifacts =
  process.env.DAGARRAY_ARTIFACTS ?? join(root, 'build', 'viewer', 'artifacts');

// The graphs as built (--raw): one task per operation and chunk, what the code wrote.
export const kSmall = ['--n', '1e6', '--chunk', '2.5e5', '--raw']; // π in 4 chunks
export const kLarge = ['--n', '2e6', '--chunk', '100', '--raw']; // π in 20,000 chunks: 102,859 tasks

export function workDir() {
  return mkdtempSync(join(tmpdir(), 'dagarray-viewer-test-'));
}

export function artifact(name) {
  mkdirSync(kArtifacts, { recursive: true });
  return join(kArtifacts, name);
}

/** `dagarray graph ARGS --format FORMAT -o FILE`; returns FILE. */
export function exportGraph(dir, name, format, args) {
  const file = join(dir, `${name}.${format}`);
  execFileSync(cliPath(), ['graph', ...args, '--format', format, '-o', file], { stdio: 'inherit' });
  return file;
}

let validate;

/** Parses a JSON export and checks it against the schema; throws listing what breaks it. */
export function readValidGraph(file) {
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(kSchema, 'utf8')),
  );
  const graph = JSON.parse(readFileSync(file, 'utf8'));
  if (!validate(graph)) {
    const problems = validate.errors.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`);
    throw new Error(`${file} does not match ${kSchema}:\n${problems.join('\n')}`);
  }
  return graph;
}

/**
 * Starts `dagarray serve FILE --port 0` and resolves once it printed its URL.
 * @returns {url, stop()}: stop sends SIGINT and resolves with the exit code.
 */
export function serve(file) {
  const child = spawn(cliPath(), ['serve', file, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('error', reject);
    exited.then((code) =>
      reject(new Error(`dagarray serve exited (${code}) before serving: ${output}`)),
    );
    child.stdout.on('data', (data) => {
      output += data;
      const url = output.match(/https?:\/\/\S+/)?.[0];
      if (!url) return;
      resolve({
        url: url.endsWith('/') ? url : `${url}/`,
        stop() {
          child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}
