// The live dashboard's real servers as the end-to-end test and the screenshots run them: the
// tool's `pi --dashboard` and dashboard_fixture (a user's program), started in the background,
// each read until it prints its URL; and the page opened and its body dataset waited on,
// which the scripted page tests (dashboard.test.mjs) share.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { newPage } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** $DAGARRAY_DASHBOARD_FIXTURE, else the Release build's. */
export const fixturePath = () =>
  process.env.DAGARRAY_DASHBOARD_FIXTURE ??
  join(root, 'build', 'viewer', 'test', 'dashboard_fixture');

export const kPatience = 60_000; // every wait on a process or a page, in ms

/**
 * Spawns `file args` with stdout and stderr kept as text (and stdin a pipe when asked).
 * @returns {child, out(), err(), waitFor(stream, pattern), exited, kill()}: waitFor resolves
 * with the pattern's match once that stream has it; exited with the exit code, or the signal's
 * name; kill sends SIGKILL unless the process has exited, so a finally block can always call it.
 */
export function startProcess(file, args, { stdin = 'ignore' } = {}) {
  const child = spawn(file, args, { stdio: [stdin, 'pipe', 'pipe'] });
  const text = { stdout: '', stderr: '' };
  const watchers = new Set();
  let code;
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, signal) => {
      code = c ?? signal;
      resolve(code);
      for (const check of watchers) check();
    });
  });
  for (const name of ['stdout', 'stderr']) {
    child[name].setEncoding('utf8');
    child[name].on('data', (data) => {
      text[name] += data;
      for (const check of watchers) check();
    });
  }

  function waitFor(name, pattern, timeout = kPatience) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(`no ${pattern} on ${name} in ${timeout} ms`), timeout);
      function done(problem, match) {
        clearTimeout(timer);
        watchers.delete(check);
        if (!problem) resolve(match);
        else reject(new Error(`${file} ${args.join(' ')}: ${problem}\n${name}: ${text[name]}`));
      }
      function check() {
        const match = text[name].match(pattern);
        if (match) done(null, match);
        else if (code !== undefined) done(`exited (${code}) before ${pattern}`);
      }
      watchers.add(check);
      check();
    });
  }

  return {
    child,
    out: () => text.stdout,
    err: () => text.stderr,
    waitFor,
    exited,
    kill() {
      if (code === undefined) child.kill('SIGKILL');
    },
  };
}

/** Resolves with `promise`'s value, or rejects after `timeout` ms saying what it waited for. */
export function bounded(promise, what, timeout = kPatience) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeout} ms`)), timeout);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Opens the dashboard at `url`, recording the page's errors; resolves once it is connected. */
export async function openDashboard(context, url) {
  const { page, problems } = await newPage(context);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitForData(page, { connected: 'true' });
  return { page, problems };
}

/** Waits until every member of `wanted` is the body's dataset's, and returns the dataset. */
export async function waitForData(page, wanted, timeout = kPatience) {
  await page.waitForFunction(
    (w) => Object.entries(w).every(([k, v]) => document.body.dataset[k] === v),
    wanted,
    { timeout },
  );
  return page.evaluate(() => ({ ...document.body.dataset }));
}
