// Takes the documentation's screenshots of the viewer: both views of π's graph in 4 chunks,
// each with one node clicked so that the details panel shows.
//
//   node viewer/test/screenshots.mjs [path/to/dagarray]   (default: build/tools/dagarray)
//   -> docs/viewer-layers.png, docs/viewer-tasks.png

import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { launch, openView } from './browser.mjs';
import { exportGraph, kSmall, readValidGraph, workDir } from './cli.mjs';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');
if (process.argv[2]) process.env.DAGARRAY_CLI = process.argv[2];

const dir = workDir();
const graph = readValidGraph(exportGraph(dir, 'pi', 'json', kSmall));
const url = pathToFileURL(exportGraph(dir, 'pi', 'html', kSmall)).href;
const browser = await launch({ width: 1600, height: 680 });

// The layer view with the square layer clicked; the task view with the final count clicked.
const shots = [
  ['layers', graph.layers.findIndex((layer) => layer.op === 'square')],
  ['tasks', graph.tasks.findIndex((task) => task.key === graph.outputs[0])],
];
for (const [view, node] of shots) {
  const { page } = await openView(browser.context, `${url}#${view}`, view);
  const at = await page.evaluate((i) => window.dagarrayViewer.locate(i), node);
  await page.mouse.click(at.x, at.y);
  await page.mouse.move(5, 5); // away, so the panel shows the clicked node
  const file = join(docs, `viewer-${view}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await page.close();
}
await browser.close();
