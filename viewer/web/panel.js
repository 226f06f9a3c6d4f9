// The side panel: details of the hovered (else the clicked) node, and the legend of op colours.
// Built with textContent only, so names from the graph can never inject markup.

import { element } from './dom.js';
import { kNoTiming } from './duration-scale.js';
import * as fmt from './format.js';

function swatch(color) {
  const s = element('span', 'swatch');
  s.style.background = color;
  return s;
}

const kHints = {
  layers:
    'Hover or click a layer to see its details. Each layer is one array of the ' +
    'expression; its tasks compute its blocks.',
  tasks: 'Hover or click a task to see its key, shape, dtype and size.',
};

/** Shows `details` ({title, op, color, rows}) or, when null, a hint for the view. */
export function showDetails(details, view) {
  const title = document.getElementById('info-title');
  const body = document.getElementById('info-body');
  body.replaceChildren();
  if (!details) {
    title.textContent = 'Details';
    body.append(element('p', 'hint', kHints[view] ?? ''));
    return;
  }
  title.textContent = details.title;
  const list = element('dl');
  const op = element('dd', 'op-chip');
  op.append(swatch(details.color), element('span', '', details.op));
  list.append(element('dt', '', 'op'), op);
  for (const [term, value, className] of details.rows) {
    list.append(element('dt', '', term), element('dd', className, String(value ?? '?')));
  }
  body.append(list);
}

/** The legend: each op's colour, and how many tasks (or layers) of the graph it has. */
export function showLegend(model, view) {
  const legend = document.getElementById('legend');
  document.getElementById('legend-title').textContent = 'Operations';
  legend.replaceChildren();
  for (const entry of model.ops.values()) {
    const item = element('li');
    const n =
      view === 'layers' ? fmt.plural(entry.layers, 'layer') : fmt.plural(entry.tasks, 'task');
    item.append(
      swatch(entry.color),
      element('span', 'name', entry.op),
      element('span', 'count', n),
    );
    legend.append(item);
  }
}

/** The duration legend: each step's colour and range, and how many tasks took that long. */
export function showDurationLegend(coloring, view) {
  const legend = document.getElementById('legend');
  document.getElementById('legend-title').textContent =
    view === 'layers' ? 'Mean task duration' : 'Task duration';
  legend.replaceChildren();
  for (const step of coloring.legend) {
    if (!step.tasks) continue; // a range no task fell in says nothing
    const item = element('li');
    item.append(
      swatch(step.color),
      element('span', 'name', step.label),
      element('span', 'count', fmt.plural(step.tasks, 'task')),
    );
    legend.append(item);
  }
  if (coloring.untimed) {
    const item = element('li');
    item.append(
      swatch(kNoTiming),
      element('span', 'name', 'no timing'),
      element('span', 'count', fmt.plural(coloring.untimed, 'task')),
    );
    legend.append(item);
  }
}
