// Bundles the viewer (web/) with esbuild into ONE html file, script and style inline, which
// the C++ library embeds: no network and no other files at run time.
//
//   node build.mjs [--out dist/viewer.html]

import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(here, 'dist', 'viewer.html');

const result = await esbuild.build({
  entryPoints: [join(here, 'web', 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  write: false,
  outdir: 'out',
  metafile: true,
  legalComments: 'none', // the licences go whole into one comment at the end instead
  logLevel: 'warning',
});
const output = (extension) => result.outputFiles.find((file) => file.path.endsWith(extension)).text;
const script = output('.js');
const style = output('.css');

// The page is parsed as HTML: inline script must not close its element or open a comment.
for (const [what, text, bad] of [
  ['script', script, /<\/script|<!--/i],
  ['style', style, /<\/style/i],
]) {
  if (bad.test(text)) throw new Error(`the bundled ${what} contains ${text.match(bad)[0]}`);
}

/** The licence of every npm package the bundle holds, as MIT and the like ask. */
function licences() {
  const packages = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) packages.add(match[1]);
  }
  return [...packages]
    .sort()
    .map((name) => {
      const root = join(here, 'node_modules', name);
      const { version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license']
        .map((f) => join(root, f))
        .find(existsSync);
      const text = file ? readFileSync(file, 'utf8').trim() : `${license} licence`;
      return `${name} ${version}\n\n${text.replaceAll('--', '- -')}`;
    })
    .join('\n\n----\n\n');
}

let page = readFileSync(join(here, 'web', 'index.html'), 'utf8');
const graphElement = '<script id="graph-data" type="application/json">';
if (page.split(graphElement).length !== 2)
  throw new Error('index.html needs one graph-data element');
page = page
  .replace('<!-- bundle:style -->', () => `<style>${style}</style>`)
  .replace('<!-- bundle:script -->', () => `<script>${script}</script>`)
  .replace('</html>', () => `</html>\n<!--\nThis page bundles:\n\n${licences()}\n-->\n`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, page);
console.log(`viewer: wrote ${out} (${Math.round(page.length / 1024)} KiB)`);
