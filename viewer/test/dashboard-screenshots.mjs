// Takes the documentation's screenshots of the live dashboard and of a profiled graph, from the
// real C++ side: `dagarray pi --dashboard` caught mid-compute, dashboard_fixture's failed
// map_blocks block, and the viewer on `dagarray profile`'s graph with timings (task stream,
// colours by duration). Run by hand, like screenshots.mjs, on an otherwise quiet machine.
//
//   node viewer/test/dashboard-screenshots.mjs [path/to/dagarray] [path/to/dashboard_fixture]
//     (default: build/tools/dagarray, build/viewer/test/dashboard_fixture)
//   -> docs/dashboard.png, docs/dashboard-failed.png, docs/trace.png

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, openView } from './browser.mjs';
import { cliPath, readValidGraph, serve, workDir } from './cli.mjs';
import { fixturePath, kPatience, openDashboard, startProcess, waitForData } from './live.mjs';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');
if (process.argv[2]) process.env.DAGARRAY_CLI = process.argv[2];
if (process.argv[3]) process.env.DAGARRAY_DASHBOARD_FIXTURE = process.argv[3];

const browser = await launch({ width: 1400, height: 860 });

async function shoot(page, name) {
  const file = join(docs, name);
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
}

/** π unfused in 200 chunks of a million samples: a few seconds, long enough to catch running. */
async function liveCompute() {
  const args =
    'pi --dashboard --dashboard-wait --port 0 --n 2e8 --chunk 1e6 --modes lazy-unfused ' +
    '--repeat 1 --no-progress';
  const tool = startProcess(cliPath(), args.split(' '));
  try {
    const [, url] = await tool.waitFor('stderr', /dashboard at (http:\/\/\S+)/);
    const { page } = await openDashboard(browser.context, url);
    // Between 30% and 90%: the stream has filled some, the graph shows all three states.
    await page.waitForFunction(
      () => {
        const { computeState, progress } = document.body.dataset;
        return computeState === 'running' && Number(progress) >= 30 && Number(progress) <= 90;
      },
      null,
      { timeout: kPatience },
    );
    await shoot(page, 'dashboard.png');
    await page.close();
  } finally {
    tool.kill();
  }
}

/** The map_blocks function of dashboard_fixture throws on block 30 of 40. */
async function failedCompute() {
  const args = ['--blocks', '40', '--sleep-ms', '25', '--fail', '30'];
  const fixture = startProcess(fixturePath(), args, { stdin: 'pipe' });
  try {
    const [url] = await fixture.waitFor('stdout', /^\S+/);
    const { page } = await openDashboard(browser.context, url);
    await waitForData(page, { computeState: 'failed' });
    await shoot(page, 'dashboard-failed.png');
    await page.close();
  } finally {
    fixture.kill();
  }
}

/** π as built in 100 chunks, profiled, served: the task view coloured by duration. */
async function profiledGraph() {
  const dir = workDir();
  const graphFile = join(dir, 'timed.json');
  const args = ['--n', '1e8', '--chunk', '1e6', '--raw', '-o', join(dir, 'trace.json')];
  execFileSync(cliPath(), ['profile', ...args, '--graph', graphFile], { stdio: 'ignore' });
  const bars = readValidGraph(graphFile).tasks.filter((task) => task.timing).length;
  const server = await serve(graphFile);
  try {
    const { page } = await openView(browser.context, `${server.url}#tasks`, 'tasks');
    await page.waitForFunction((n) => document.body.dataset.streamBars === String(n), bars);
    await page.click('button[data-color="duration"]');
    await page.waitForFunction(() => document.body.dataset.colorBy === 'duration');
    await shoot(page, 'trace.png');
    await page.close();
  } finally {
    await server.stop();
  }
}

try {
  await liveCompute();
  await failedCompute();
  await profiledGraph();
} finally {
  await browser.close();
}
