// The self-contained page `dagarray graph --format html` writes, opened from disk: both views
// of π's graph in 4 chunks draw every node, the toggle and #tasks switch views, hovering shows
// a task's details, and a file that is not a dagarray graph shows an error, not a blank page.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { launch, openView, waitForDrawing } from './browser.mjs';
import { artifact, exportGraph, kSmall, readValidGraph, workDir } from './cli.mjs';

let browser;
let dir;
let graph;
let pageUrl;

before(async () => {
  dir = workDir();
  graph = readValidGraph(exportGraph(dir, 'pi', 'json', kSmall));
  pageUrl = pathToFileURL(exportGraph(dir, 'pi', 'html', kSmall)).href;
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the layer view is the default and draws one node per layer', async () => {
  const { page, problems, ...drawn } = await openView(browser.context, pageUrl, 'layers');
  assert.equal(drawn.error, undefined);
  assert.equal(drawn.renderedNodes, graph.layers.length);
  assert.match(await page.textContent('#graph-meta'), new RegExp(`${graph.tasks.length} tasks`));
  await page.screenshot({ path: artifact('small-layers.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('#tasks opens the task view, which draws one node per task', async () => {
  const { page, problems, ...drawn } = await openView(browser.context, `${pageUrl}#tasks`, 'tasks');
  assert.equal(drawn.renderedNodes, graph.tasks.length);
  await page.screenshot({ path: artifact('small-tasks.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the buttons switch between the views', async () => {
  const { page } = await openView(browser.context, pageUrl, 'layers');
  await page.click('button[data-view="tasks"]');
  assert.equal((await waitForDrawing(page, 'tasks')).renderedNodes, graph.tasks.length);
  assert.match(page.url(), /#tasks$/);
  await page.click('button[data-view="layers"]');
  assert.equal((await waitForDrawing(page, 'layers')).renderedNodes, graph.layers.length);
  await page.close();
});

test('hovering a task shows its key, shape, dtype and bytes', async () => {
  const { page } = await openView(browser.context, `${pageUrl}#tasks`, 'tasks');
  const output = graph.tasks.findIndex((task) => task.key === graph.outputs[0]);
  const at = await page.evaluate((node) => window.dagarrayViewer.locate(node), output);
  await page.mouse.move(at.x, at.y);
  const info = page.locator('#info-body');
  await info.getByText(graph.outputs[0]).waitFor();
  const text = await info.textContent();
  const task = graph.tasks[output];
  assert.ok(text.includes(task.dtype), text);
  assert.ok(text.includes(`${task.bytes} B`), text);
  await page.close();
});

test('a file that is not a dagarray graph shows why instead of a drawing', async () => {
  const exported = readFileSync(new URL(pageUrl), 'utf8');
  const element = '<script id="graph-data" type="application/json">';
  const start = exported.indexOf(element) + element.length;
  const end = exported.indexOf('</script>', start);
  const bad = join(dir, 'bad.html');
  writeFileSync(
    bad,
    exported.slice(0, start) + '{"format": "something-else", "version": 1}' + exported.slice(end),
  );
  const { page, error } = await openView(browser.context, pathToFileURL(bad).href, 'layers');
  assert.match(error, /not a dagarray task graph/);
  assert.ok(await page.isVisible('#status'));
  await page.close();
});
