// Bundles the browser pages with esbuild, each into ONE html file, script and style inline,
// which the C++ library embeds: no network and no other files at run time. Two pages share
// web/'s modules: the graph viewer (web/main.js) and the live dashboard (web/dashboard/).
//
//   node build.mjs [--out-dir dist]   -> DIR/viewer.html, DIR/dashboard.html

import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const outIndex = process.argv.indexOf('--out-dir');
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : join(here, 'dist');

// The viewer's graph-data element is where the C++ side puts a graph (page.cpp): exactly one.
const graphElement = '<script id="graph-data" type="application/json">';
const pages = [
  {
    name: 'viewer',
    entry: 'web/main.js',
    template: 'web/index.html',
    check: (html) => html.split(graphElement).length === 2 || 'needs one graph-data element',
  },
  {
    name: 'dashboard',
    entry: 'web/dashboard/main.js',
    template: 'web/dashboard/index.html',
    check: (html) => !html.includes(graphElement) || 'must hold no graph-data element',
  },
];

/** The licence of every npm package a bundle holds, as MIT and the like ask. */
function licences(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
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

async function bundle({ name, entry, template, check }) {
  const result = await esbuild.build({
    entryPoints: [join(here, entry)],
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
  const output = (extension) =>
    result.outputFiles.find((file) => file.path.endsWith(extension)).text;
  const script = output('.js');
  const style = output('.css');

  // The page is parsed as HTML: inline script must not close its element or open a comment.
  for (const [what, text, bad] of [
    ['script', script, /<\/script|<!--/i],
    ['style', style, /<\/style/i],
  ]) {
    if (bad.test(text)) {
      throw new Error(`${name}: the bundled ${what} contains ${text.match(bad)[0]}`);
    }
  }

  let page = readFileSync(join(here, template), 'utf8');
  const problem = check(page);
  if (problem !== true) throw new Error(`${template} ${problem}`);
  page = page
    .replace('<!-- bundle:style -->', () => `<style>${style}</style>`)
    .replace('<!-- bundle:script -->', () => `<script>${script}</script>`)
    .replace(
      '</html>',
      () => `</html>\n<!--\nThis page bundles:\n\n${licences(result.metafile)}\n-->\n`,
    );

  const out = join(outDir, `${name}.html`);
  writeFileSync(out, page);
  console.log(`${name}: wrote ${out} (${Math.round(page.length / 1024)} KiB)`);
}

mkdirSync(outDir, { recursive: true });
for (const page of pages) await bundle(page);
