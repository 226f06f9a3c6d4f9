// The live dashboard end to end, the real C++ side serving the page Chromium opens: the
// tool's `pi --dashboard` runs π unfused to 100% and serves until SIGTERM; and a user's
// program (dashboard_fixture) whose map_blocks function throws on one block shows that
// block's key and message, and serves until its stdin closes. Both exit 0.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch } from './browser.mjs';
import { artifact, cliPath } from './cli.mjs';
import { bounded, fixturePath, openDashboard, startProcess, waitForData } from './live.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('pi --dashboard: the page follows the compute to 100%, then SIGTERM exits 0', async () => {
  // --dashboard-wait: the compute starts once the page is connected, so it sees all of it.
  const args =
    'pi --dashboard --dashboard-wait --port 0 --n 2e7 --chunk 1e5 --modes lazy-unfused ' +
    '--repeat 1 --no-progress';
  const tool = startProcess(cliPath(), args.split(' '));
  let page;
  try {
    const [, url] = await tool.waitFor('stderr', /dashboard at (http:\/\/\S+)/);
    let problems;
    ({ page, problems } = await openDashboard(browser.context, url));
    const data = await waitForData(page, { computeState: 'done', progress: '100' });

    assert.equal(data.sawRunning, 'true');
    assert.equal(data.tasksDone, data.tasksTotal);
    assert.ok(Number(data.tasksTotal) > 1000, `${data.tasksTotal} tasks`);
    assert.ok(Number(data.streamBars) > 0, `${data.streamBars} bars`);
    assert.equal(data.failedKey, undefined);
    assert.ok(await page.isHidden('#failure'));
    await page.screenshot({ path: artifact('live-pi.png') });
    assert.deepEqual(problems, []);

    // The table is printed once the compute ended; then it serves until told to stop.
    await tool.waitFor('stderr', /until Ctrl-C/);
    assert.match(tool.out(), /lazy-unfused/);
    tool.child.kill('SIGTERM');
    assert.equal(await bounded(tool.exited, 'dagarray pi exiting after SIGTERM'), 0);
  } finally {
    tool.kill(); // first: should closing the page throw, the process still ends
    await page?.close();
  }
});

test('a map_blocks function that throws: the failed block and its message', async () => {
  const args = ['--blocks', '40', '--sleep-ms', '25', '--fail', '30'];
  const fixture = startProcess(fixturePath(), args, { stdin: 'pipe' });
  let page;
  try {
    const [url] = await fixture.waitFor('stdout', /^\S+/);
    let problems;
    ({ page, problems } = await openDashboard(browser.context, url));
    const data = await waitForData(page, { computeState: 'failed' });

    // The key of block 30 of the map_blocks layer, as the scheduler names it.
    assert.match(data.failedKey ?? '', /^\('map_blocks-[0-9a-f]{16}', 30\)$/);
    assert.equal(data.sawRunning, 'true');
    assert.notEqual(data.progress, '100');
    assert.ok(await page.isVisible('#failure'));
    const failure = await page.textContent('#failure');
    assert.ok(failure.includes(data.failedKey), failure);
    assert.ok(failure.includes('block 30 refuses to be doubled'), failure);
    await page.screenshot({ path: artifact('live-failed.png') });
    assert.deepEqual(problems, []);

    // The program saw the same failure, and keeps serving until its stdin closes.
    await fixture.waitFor('stdout', /^ended: .*refuses to be doubled/m);
    fixture.child.stdin.end();
    assert.equal(await bounded(fixture.exited, 'dashboard_fixture exiting after stdin closed'), 0);
  } finally {
    fixture.kill(); // first: should closing the page throw, the process still ends
    await page?.close();
  }
});
