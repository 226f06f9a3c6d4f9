// The live dashboard page against a fake dashboard server in node (fake-dashboard.mjs) that
// plays scripted computes over the WebSocket protocol: a small compute runs to the end, a task
// fails, a client that connects late sees the same, 100,000 tasks at ten updates a second
// keep up, and a dropped connection shows and comes back. The page is the one the build
// embeds ($DAGARRAY_DASHBOARD), else one bundled here.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launch } from './browser.mjs';
import { artifact, workDir } from './cli.mjs';
import { sleep, startFakeDashboard } from './fake-dashboard.mjs';
import { openDashboard, waitForData } from './live.mjs';
import { exampleGraph } from './profiled.mjs';
import { piGraph } from './synthetic.mjs';

const kDt = 0.1; // seconds of compute between updates, as the real server batches them

let browser;
let html;

function dashboardHtml() {
  if (process.env.DAGARRAY_DASHBOARD) return readFileSync(process.env.DAGARRAY_DASHBOARD, 'utf8');
  const dir = workDir();
  const viewer = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['build.mjs', '--out-dir', dir], { cwd: viewer, stdio: 'ignore' });
  return readFileSync(join(dir, 'dashboard.html'), 'utf8');
}

before(async () => {
  html = dashboardHtml();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/**
 * Plays `compute`'s graph on its workers: tasks start in index order (a topological order),
 * `perUpdate` of them in each update's interval, one after another on each worker; the last
 * task of each worker is still running at the update and ends early in the next interval.
 * `failTask` fails instead of finishing, and no task starts after it. `pace` is the
 * wall-clock milliseconds between updates. @returns the number of updates sent.
 */
async function play(compute, { perUpdate, pace = 100, failTask = -1 }) {
  const { workers } = compute;
  const n = compute.graph.tasks.length;
  let running = [];
  let next = 0;
  let updates = 0;
  let failed = false;
  for (let k = 1; running.length || (next < n && !failed); ++k) {
    const time = k * kDt;
    const ready = time - 0.9 * kDt; // the running tasks end, and the new ones start, from here
    const changes = running.map(([i, w, start]) => [i, i === failTask ? 3 : 2, w, start, ready]);
    failed ||= running.some(([i]) => i === failTask);
    running = [];
    const batch = failed ? 0 : Math.min(perUpdate, n - next);
    const slot = (0.9 * kDt) / Math.ceil(batch / workers);
    for (let b = 0; b < batch; ++b, ++next) {
      const w = b % workers;
      const start = ready + Math.floor(b / workers) * slot;
      if (b >= batch - workers) {
        changes.push([next, 1, w, start, null]);
        running.push([next, w, start]);
      } else {
        changes.push([next, 2, w, start, start + 0.9 * slot]);
      }
    }
    const rss = 50e6 + 1e6 * k;
    compute.update(time, changes, [[time, rss, 150 + (k % 5) * 10]]);
    updates += 1;
    if (failed) {
      const key = compute.graph.tasks[failTask].key;
      compute.fail(failTask, `std::runtime_error: block ${key} holds NaN`);
      compute.end(time + kDt / 2, false, `a task failed: ${key}`);
      return updates;
    }
    if (pace) await sleep(pace);
  }
  compute.end(updates * kDt + kDt / 2, true);
  return updates;
}

/** Each layer's row in the layer panel: its count text and how wide its bar's done part is. */
function layerRows(page) {
  return page.$$eval('#layer-bars li', (items) =>
    items.map((item) => ({
      count: item.querySelector('.count').textContent,
      done: item.querySelector('.segment.state-2').style.width,
      note: item.querySelector('.note').textContent,
    })),
  );
}

test('a small compute runs to the end: 100%, every layer done, a bar per task', async () => {
  const server = await startFakeDashboard(html);
  const graph = exampleGraph();
  const { page, problems } = await openDashboard(browser.context, server.url);
  assert.equal(await page.evaluate(() => document.body.dataset.computeState), 'idle');

  const compute = server.start(graph);
  await waitForData(page, { computeState: 'running', tasksTotal: String(graph.tasks.length) });
  const sent = await play(compute, { perUpdate: 2 });
  const data = await waitForData(page, { computeState: 'done', progress: '100' });

  assert.equal(data.tasksDone, String(graph.tasks.length));
  assert.equal(data.sawRunning, 'true');
  assert.equal(data.updates, String(sent));
  assert.equal(data.streamBars, String(graph.tasks.length));
  assert.equal(data.failedKey, undefined);
  const rows = await layerRows(page);
  assert.equal(rows.length, graph.layers.length);
  graph.layers.forEach((layer, i) => {
    assert.equal(rows[i].count, `${layer.tasks} / ${layer.tasks}`);
    assert.equal(rows[i].done, '100%');
  });
  assert.ok(await page.isHidden('#failure'));

  // Hovering a bar of the stream names its task.
  const at = await page.evaluate(() => window.dagarrayDashboard.streamPoint(0));
  await page.mouse.move(at.x, at.y);
  const tip = page.locator('.stream-tip');
  await tip.getByText(graph.tasks[0].key).waitFor();
  assert.match(await tip.textContent(), /w0/);
  await page.screenshot({ path: artifact('dashboard-done.png') });
  assert.deepEqual(problems, []);
  await page.close();
  await server.stop();
});

test('a failed task shows its key and message in the failure panel', async () => {
  const server = await startFakeDashboard(html);
  const graph = exampleGraph();
  const { page, problems } = await openDashboard(browser.context, server.url);
  const failTask = 2;
  const key = graph.tasks[failTask].key;
  await play(server.start(graph), { perUpdate: 2, failTask });
  const data = await waitForData(page, { computeState: 'failed', failedKey: key });
  assert.notEqual(data.progress, '100');

  assert.ok(await page.isVisible('#failure'));
  const failure = await page.textContent('#failure');
  assert.ok(failure.includes(key), failure);
  assert.ok(failure.includes(`std::runtime_error: block ${key} holds NaN`), failure);
  // The final count never ran: it still waits, and its layer says which task failed.
  const rows = await layerRows(page);
  assert.match(rows[0].note, /1 failed/);
  assert.equal(rows[1].count, '0 / 1');
  await page.screenshot({ path: artifact('dashboard-failed.png') });
  assert.deepEqual(problems, []);
  await page.close();
  await server.stop();
});

test('a client that connects after the end sees the same final state', async () => {
  const server = await startFakeDashboard(html);
  const graph = exampleGraph();
  await play(server.start(graph), { perUpdate: 2, pace: 0 });

  const { page, problems } = await openDashboard(browser.context, server.url);
  const data = await waitForData(page, { computeState: 'done', progress: '100' });
  assert.equal(data.tasksDone, String(graph.tasks.length));
  assert.equal(data.updates, '1'); // the snapshot, one update
  assert.equal(data.streamBars, String(graph.tasks.length));
  for (const row of await layerRows(page)) assert.equal(row.done, '100%');
  await page.screenshot({ path: artifact('dashboard-late.png') });

  // And late to a failed compute: the failure, as it was.
  const key = graph.tasks[1].key;
  await play(server.start(graph), { perUpdate: 2, pace: 0, failTask: 1 });
  const late = await openDashboard(browser.context, server.url);
  await waitForData(late.page, { computeState: 'failed', failedKey: key });
  assert.ok((await late.page.textContent('#failure')).includes('holds NaN'));
  // The first page followed the second compute live, and forgot the first.
  await waitForData(page, { computeState: 'failed', failedKey: key });
  assert.deepEqual([...problems, ...late.problems], []);
  await late.page.close();
  await page.close();
  await server.stop();
});

test('100,000 tasks at ten updates a second reach 100% in time', async (t) => {
  const server = await startFakeDashboard(html);
  const graph = { ...piGraph({ n: 2e6, chunk: 100 }), version: 2 };
  const n = graph.tasks.length;
  assert.ok(n >= 100_000, `${n} tasks`);
  const { page, problems } = await openDashboard(browser.context, server.url);

  const began = Date.now();
  const compute = server.start(graph, { workers: 8 });
  await waitForData(page, { computeState: 'running', tasksTotal: String(n) });
  const loaded = Date.now() - began;
  // Fifty updates: about 2,000 tasks each, as a fast compute on many workers sends them.
  const sent = await play(compute, { perUpdate: Math.ceil(n / 50) });
  const ended = Date.now();
  const data = await waitForData(page, { computeState: 'done', progress: '100' }, 120_000);
  t.diagnostic(
    `${n} tasks: the graph shown ${loaded} ms after the compute message; ${sent} updates ` +
      `played in ${ended - began - loaded} ms; 100% shown ${Date.now() - ended} ms after the end`,
  );
  assert.equal(data.tasksDone, String(n));
  assert.equal(data.updates, String(sent));
  assert.equal(data.streamBars, String(n));
  assert.equal(data.graphView, 'layers');
  await page.screenshot({ path: artifact('dashboard-large.png') });
  assert.deepEqual(problems, []);
  await page.close();
  await server.stop();
});

test('a dropped connection shows as disconnected, and the page reconnects', async () => {
  const server = await startFakeDashboard(html);
  const graph = exampleGraph();
  await play(server.start(graph), { perUpdate: 2, pace: 0 });
  const { page, problems } = await openDashboard(browser.context, server.url);
  await waitForData(page, { computeState: 'done' });

  server.refuse(true);
  server.dropClients();
  await waitForData(page, { connected: 'false' });
  assert.match(await page.textContent('#connection'), /disconnected/);
  await page.screenshot({ path: artifact('dashboard-disconnected.png') });
  const attempts = server.attempts();
  await sleep(2500);
  assert.ok(server.attempts() - attempts >= 2, 'the page retries every second');

  server.refuse(false);
  const data = await waitForData(page, { connected: 'true', computeState: 'done' });
  assert.equal(data.progress, '100');
  assert.equal(server.connections(), 2);
  assert.equal(await page.textContent('#connection'), 'connected');
  // Errors of the refused handshakes are the browser's own console messages: expected here.
  assert.deepEqual(
    problems.filter((p) => !/WebSocket connection/.test(p)),
    [],
  );
  await page.close();
  await server.stop();
});
