// The page `dagarray serve FILE.json` sends at "/", which fetches graph.json: both views draw
// every node of the file served, then SIGINT stops the server cleanly.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, openView } from './browser.mjs';
import { artifact, exportGraph, kSmall, readValidGraph, serve, workDir } from './cli.mjs';

let browser;
let server;
let graph;

before(async () => {
  const file = exportGraph(workDir(), 'pi', 'json', kSmall);
  graph = readValidGraph(file);
  server = await serve(file);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop(); // again, should a test have failed before stopping it
});

for (const view of ['layers', 'tasks']) {
  test(`the served ${view} view draws every node`, async () => {
    const url = view === 'layers' ? server.url : `${server.url}#tasks`;
    const { page, problems, ...drawn } = await openView(browser.context, url, view);
    assert.equal(drawn.error, undefined);
    assert.equal(drawn.renderedNodes, view === 'layers' ? graph.layers.length : graph.tasks.length);
    await page.screenshot({ path: artifact(`served-${view}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('SIGINT stops the server, which exits with 0', async () => {
  assert.equal(await server.stop(), 0);
});
