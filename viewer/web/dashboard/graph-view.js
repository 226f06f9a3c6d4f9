// The compute's graph, coloured by how far it got: the viewer's canvas and scenes. The layer
// view (one card per layer, with a bar of its tasks by state) is the default for large graphs;
// graphs of up to kTaskViewLimit tasks open in the task view, each dot coloured by its task's
// state (waiting grey, running amber, done green, failed red). The buttons switch either way,
// but for a graph sent by layer only, which has no tasks to draw.
// Scenes are built once per graph, and only when first shown: a task view of 100,000 tasks
// takes a second to lay out, which nobody should wait for unasked.

import * as fmt from '../format.js';
import { GraphCanvas } from '../graph-canvas.js';
import { layerScene } from '../scene-layers.js';
import { taskScene } from '../scene-tasks.js';
import { kStateColors, kStateNames } from '../theme.js';

export const kTaskViewLimit = 2000;

export class GraphView {
  /**
   * @param stage    the element the canvas fills
   * @param hovered  called with a line about the hovered node, or '' for none
   */
  constructor(stage, buttons, hovered) {
    this.stage = stage;
    this.buttons = buttons;
    this.hovered = hovered;
    this.model = null;
    this.run = null;
    this.canvas = null;
    this.scenes = {};
    this.kind = null;
    for (const button of buttons) {
      button.addEventListener('click', () => this.show(button.dataset.view));
    }
  }

  /** A new graph: forgets the old one's scenes, and draws its default view. */
  setModel(model, { layersOnly = false } = {}) {
    this.model = model;
    this.scenes = {};
    this.kind = null;
    this.layersOnly = layersOnly;
    for (const b of this.buttons) b.disabled = layersOnly && b.dataset.view === 'tasks';
    this.show(!layersOnly && model.tasks.length <= kTaskViewLimit ? 'tasks' : 'layers');
  }

  show(kind) {
    if (!this.model || kind === this.kind || (this.layersOnly && kind === 'tasks')) return;
    this.canvas?.destroy();
    this.kind = kind;
    const colors = new Map([...this.model.ops.values()].map(({ op, color }) => [op, color]));
    this.scenes[kind] ??=
      kind === 'layers' ? layerScene(this.model, { withProgress: true }) : taskScene(this.model);
    const scene = this.scenes[kind];
    this.canvas = new GraphCanvas(this.stage, scene, colors, {
      hover: (node) => this.hovered(node >= 0 ? this.describe(node) : ''),
      select: () => {},
    });
    for (const b of this.buttons) b.setAttribute('aria-pressed', String(b.dataset.view === kind));
    document.body.dataset.graphView = kind;
    if (this.run) this.update(this.run);
  }

  /** Recolours from the run's states (once per frame at most: main.js calls it). */
  update(run) {
    this.run = run;
    if (!this.canvas || run.model !== this.model) return;
    if (this.kind === 'layers') {
      this.canvas.setProgress(run.layerCounts);
    } else {
      const { state } = run;
      this.canvas.recolor((i) => kStateColors[state[i]]);
    }
    this.canvas.paintNow();
  }

  describe(node) {
    const { model, run } = this;
    if (this.kind === 'layers') {
      const layer = model.layers[node];
      const c = run ? run.layerCounts.subarray(4 * node, 4 * node + 4) : [0, 0, 0, 0];
      const states = kStateNames.map((name, s) => `${fmt.count(c[s])} ${name}`).join(', ');
      return `${layer.op} (${layer.name}): ${states}`;
    }
    const task = model.tasks[node];
    const state = run ? kStateNames[run.state[node]] : 'waiting';
    const w = run?.worker[node] ?? -1;
    const took =
      run && run.end[node] >= run.start[node]
        ? `, took ${fmt.seconds(run.end[node] - run.start[node])}`
        : '';
    return `${task.key} · ${task.op} · ${state}${w >= 0 ? ` on w${w}` : ''}${took}`;
  }

  clear() {
    this.canvas?.destroy();
    this.canvas = null;
    this.model = null;
    this.run = null;
    this.kind = null;
  }
}
