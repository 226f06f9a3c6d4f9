// A graph of about 100,000 tasks (π in 20,000 chunks) in the self-contained page: both views
// draw every node. How long drawing took is printed, never asserted: it depends on the machine.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { launch, openView } from './browser.mjs';
import { artifact, exportGraph, kLarge, readValidGraph, workDir } from './cli.mjs';

let browser;
let graph;
let pageUrl;

before(async () => {
  const dir = workDir();
  graph = readValidGraph(exportGraph(dir, 'pi-large', 'json', kLarge));
  pageUrl = pathToFileURL(exportGraph(dir, 'pi-large', 'html', kLarge)).href;
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the export has about 100,000 tasks', () => {
  assert.ok(graph.tasks.length >= 90_000, `${graph.tasks.length} tasks`);
});

for (const view of ['layers', 'tasks']) {
  test(`the ${view} view draws every node`, async (t) => {
    const { page, problems, ...drawn } = await openView(
      browser.context,
      `${pageUrl}#${view}`,
      view,
    );
    assert.equal(drawn.error, undefined);
    assert.equal(drawn.renderedNodes, view === 'layers' ? graph.layers.length : graph.tasks.length);
    t.diagnostic(
      `${view}: drawn ${drawn.drawMs} ms after the graph was read, ` +
        `${drawn.readyMs} ms after the page began to load`,
    );
    await page.screenshot({ path: artifact(`large-${view}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
}
