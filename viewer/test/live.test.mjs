// The live dashboard end to end, the real C++ side serving the page Chromium opens: the
// tool's `pi --dashboard` runs π unfused to 100% and serves until SIGTERM; and a user's
// program (dashboard_fixture) whose map_blocks function throws on one block shows that
// block's key and message, and serves until its stdin closes. Both exit 0. A graph of more
// tasks than the dashboard sends one by one is followed by layer; a page that falls behind the
// server's queue limit is told so, and says it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, newPage } from './browser.mjs';
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

/**
 * Runs dashboard_fixture with `args` and `check(fixture, url, open)` against it, where `open()`
 * opens the page (`{page, problems}`); then closes the fixture's stdin, and it must exit 0.
 */
async function withFixture(args, check) {
  const fixture = startProcess(fixturePath(), args, { stdin: 'pipe' });
  let page;
  try {
    const [url] = await fixture.waitFor('stdout', /^\S+/);
    const open = async (connected = true) => {
      const opened = connected
        ? await openDashboard(browser.context, url)
        : await newPage(browser.context);
      ({ page } = opened);
      if (!connected) await page.goto(url, { waitUntil: 'domcontentloaded' });
      return opened;
    };
    await check(fixture, open);
    fixture.child.stdin.end();
    assert.equal(await bounded(fixture.exited, 'dashboard_fixture exiting after stdin closed'), 0);
  } finally {
    fixture.kill(); // first: should closing the page throw, the process still ends
    await page?.close();
  }
}

test('a map_blocks function that throws: the failed block and its message', async () => {
  const args = ['--blocks', '40', '--sleep-ms', '25', '--fail', '30'];
  await withFixture(args, async (fixture, open) => {
    const { page, problems } = await open();
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
  });
});

test('past 100,000 tasks the page follows the compute by layer, to 100%', async () => {
  // About 940,000 tasks: sent task by task, the first message alone would be over 200 MB, more
  // than the 64 MiB a page may have waiting, and the page would be cut off before it began.
  await withFixture(['--blocks', '300000', '--sleep-ms', '0'], async (fixture, open) => {
    const { page, problems } = await open();
    const data = await waitForData(page, { computeState: 'done', progress: '100' });

    assert.equal(data.detail, 'layers');
    assert.ok(Number(data.tasksTotal) > 300000, `${data.tasksTotal} tasks`);
    assert.equal(data.tasksDone, data.tasksTotal);
    assert.equal(data.graphView, 'layers');
    assert.equal(data.streamBars, '0');
    assert.equal(data.drops, '0');
    assert.ok(await page.isDisabled('button[data-view="tasks"]'));
    // No output keys come with layers only: the title names the last layer.
    assert.match(await page.textContent('#compute-title'), /^sum-[0-9a-f]{16}$/);
    assert.match(await page.textContent('#compute-meta'), /\d{3},\d{3} tasks/);
    assert.match(await page.textContent('#stream-meta'), /counts by layer/);
    await page.screenshot({ path: artifact('live-by-layer.png') });
    assert.deepEqual(problems, []);
    await fixture.waitFor('stdout', /^ended: ok/m);
  });
});

test('a page that falls behind the queue limit says why it was disconnected', async () => {
  // 64 KiB may wait for a page; the first message of 4,000 tasks is over a megabyte, so every
  // connection is cut off with 1013 before it gets there, and the page must keep saying so.
  const args = ['--blocks', '2000', '--sleep-ms', '0', '--max-queue-bytes', '65536'];
  await withFixture(args, async (fixture, open) => {
    const { page } = await open(false); // it may never stay connected long enough to record it
    await page.waitForFunction(() => Number(document.body.dataset.drops) >= 2, null, {
      timeout: 60000,
    });
    assert.ok(await page.isVisible('#idle'));
    const notice = await page.textContent('#idle');
    assert.match(notice, /disconnected this page: fell behind: more than 65536 bytes/);
    await page.screenshot({ path: artifact('live-fell-behind.png') });
    await fixture.waitFor('stderr', /disconnected a page that fell more than 65536 bytes behind/);
  });
});
