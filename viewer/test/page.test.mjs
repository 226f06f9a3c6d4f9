// The self-contained page `dagarray graph --format html` writes, opened from disk: both views
// of π's graph in 4 chunks draw every node, the toggle and #tasks switch views, hovering shows
// a task's details, and a file that is not a dagarray graph shows an error, not a blank page.
// A version-2 graph with timings (made from docs/examples by profiled.mjs) also shows its
// profile, a task stream, and colours by duration.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { launch, openView, waitForDrawing } from './browser.mjs';
import { artifact, exportGraph, kSmall, readValidGraph, workDir } from './cli.mjs';
import { exampleGraph, withTimings } from './profiled.mjs';

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

/** The exported page with `json` in place of its graph, written as `name`; @returns its URL. */
function pageWith(name, json) {
  const exported = readFileSync(new URL(pageUrl), 'utf8');
  const element = '<script id="graph-data" type="application/json">';
  const start = exported.indexOf(element) + element.length;
  const end = exported.indexOf('</script>', start);
  const file = join(dir, name);
  // As page.cpp embeds a graph: no '<' reaches the HTML parser.
  const safe = json.replaceAll('<', '\\u003c');
  writeFileSync(file, exported.slice(0, start) + safe + exported.slice(end));
  return pathToFileURL(file).href;
}

test('a file that is not a dagarray graph shows why instead of a drawing', async () => {
  const bad = pageWith('bad.html', '{"format": "something-else", "version": 1}');
  const { page, error } = await openView(browser.context, bad, 'layers');
  assert.match(error, /not a dagarray task graph/);
  assert.ok(await page.isVisible('#status'));
  await page.close();
});

test('a graph without timings offers no duration colours and no task stream', async () => {
  const { page } = await openView(browser.context, pageUrl, 'layers');
  assert.ok(await page.isHidden('.colors'));
  assert.ok(await page.isHidden('#stream-panel'));
  assert.equal(await page.evaluate(() => document.body.dataset.streamBars), undefined);
  await page.close();
});

test('the version-2 test graph matches docs/graph.schema.json', () => {
  const file = join(dir, 'profiled.json');
  writeFileSync(file, JSON.stringify(withTimings(exampleGraph())));
  readValidGraph(file);
});

test('a version-2 graph with timings: profile, task stream, colours by duration', async () => {
  const profiled = withTimings(exampleGraph(), { workers: 2 });
  const url = pageWith('profiled.html', JSON.stringify(profiled));
  const { page, problems, ...drawn } = await openView(browser.context, url, 'layers');
  assert.equal(drawn.error, undefined);
  assert.equal(drawn.renderedNodes, profiled.layers.length);
  const meta = await page.textContent('#graph-meta');
  assert.match(meta, /v2/);
  assert.match(meta, /ran in [0-9.]+ ms on 2 workers \(threads\)/);

  // One bar per timed task in the stream, and its tooltip.
  await page.waitForFunction(
    (n) => document.body.dataset.streamBars === String(n),
    profiled.tasks.length,
  );
  const last = profiled.tasks.length - 1;
  const at = await page.evaluate((i) => window.dagarrayViewer.streamPoint(i), last);
  await page.mouse.move(at.x, at.y);
  const tip = page.locator('.stream-tip');
  await tip.getByText(profiled.tasks[last].key).waitFor();
  assert.match(await tip.textContent(), new RegExp(`w${profiled.tasks[last].timing.worker}`));

  // The toggle colours by duration, with a legend of the durations.
  assert.equal(await page.evaluate(() => document.body.dataset.colorBy), 'op');
  await page.click('button[data-color="duration"]');
  await page.waitForFunction(() => document.body.dataset.colorBy === 'duration');
  assert.equal(await page.textContent('#legend-title'), 'Mean task duration');
  const steps = await page.$$eval('#legend li', (items) => items.map((li) => li.textContent));
  assert.ok(steps.length >= 2, steps.join('; '));
  assert.ok(steps.every((text) => /\d+(\.\d+)? ms/.test(text)), steps.join('; '));
  await page.screenshot({ path: artifact('profiled-layers-duration.png') });

  // The task view keeps the colouring; a task's details say when and where it ran.
  await page.click('button[data-view="tasks"]');
  await waitForDrawing(page, 'tasks');
  assert.equal(await page.textContent('#legend-title'), 'Task duration');
  const output = profiled.tasks.findIndex((task) => task.key === profiled.outputs[0]);
  const dot = await page.evaluate((node) => window.dagarrayViewer.locate(node), output);
  await page.mouse.move(dot.x, dot.y);
  const info = page.locator('#info-body');
  await info.getByText(profiled.outputs[0]).waitFor();
  assert.match(await info.textContent(), /took/);
  await page.screenshot({ path: artifact('profiled-tasks-duration.png') });
  await page.click('button[data-color="op"]');
  await page.waitForFunction(() => document.body.dataset.colorBy === 'op');
  assert.equal(await page.textContent('#legend-title'), 'Operations');
  assert.deepEqual(problems, []);
  await page.close();
});
