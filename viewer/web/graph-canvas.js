// A scene on a canvas that fills its container: panned and zoomed by d3-zoom (wheel, drag,
// pinch, double-click), hit-tested by a d3-quadtree, repainted at most once per frame and only
// when something changed. Nodes are coloured by op unless told otherwise (recolor): the
// viewer colours by duration, the dashboard by each task's state.

import { quadtree } from 'd3-quadtree';
import { pointer, select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';

import { fitCanvas } from './dom.js';
import { paint } from './paint.js';
import { StretchedZoom, ViewTransform } from './view-transform.js';

const kPadding = 32; // CSS pixels around the fitted graph
const kHitPixels = 6; // how near the pointer must come to a dot

export class GraphCanvas {
  /**
   * @param scene   from scene-layers.js or scene-tasks.js
   * @param colors  op -> colour
   * @param on      {hover(node), select(node)}, node = -1 for none
   */
  constructor(container, scene, colors, on) {
    this.scene = scene;
    this.on = on;
    this.canvas = document.createElement('canvas');
    container.append(this.canvas);
    this.context = this.canvas.getContext('2d', { alpha: false });
    this.byOp = (i) => colors.get(scene.op[i]);
    this.state = {
      colorOf: this.byOp,
      progress: null,
      hovered: -1,
      selected: -1,
      highlight: [],
      moving: false,
      groups: groupByColor(scene, this.byOp),
      edgeGroups: groupBySourceColumn(scene),
    };
    this.frame = 0;
    this.userMoved = false;

    this.zoom = zoom()
      .on('start', () => {
        this.state.moving = true;
      })
      .on('zoom', (event) => this.follow(event))
      .on('end', () => {
        this.state.moving = false;
        this.redraw();
      });
    this.selection = select(this.canvas).call(this.zoom);
    this.canvas.addEventListener('pointermove', (event) => {
      if (event.buttons === 0) this.setHovered(this.hit(event));
    });
    this.canvas.addEventListener('pointerleave', () => this.setHovered(-1));
    this.canvas.addEventListener('click', (event) => this.setSelected(this.hit(event)));

    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
    this.resize();
  }

  /** Resolves once the first frame is painted and on screen. */
  painted() {
    return new Promise((resolve) => {
      this.paintNow();
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    });
  }

  resize() {
    const { clientWidth: width, clientHeight: height } = this.canvas.parentElement;
    if (!fitCanvas(this, this.canvas, width, height)) return;
    this.zoom.extent([
      [0, 0],
      [width, height],
    ]);
    // Resizing clears the canvas: refit, or repaint where the user left the view.
    if (this.userMoved) {
      this.redraw();
    } else {
      this.fit();
    }
  }

  /** Shows the whole graph: at one scale, or stretched sideways for a tall task graph. */
  fit() {
    const { x0, y0, x1, y1 } = this.scene.bbox;
    const kx = Math.min((this.width - 2 * kPadding) / Math.max(1, x1 - x0), this.scene.maxFitScale);
    const ky = Math.min((this.height - 2 * kPadding) / Math.max(1, y1 - y0), kx);
    // Zoom out to a quarter of the whole graph, in until a dot is 40 pixels wide.
    this.zoom.scaleExtent([ky / 4, Math.max(4, 20 / (this.scene.radius ?? 5))]);
    this.stretched = this.scene.stretch ? new StretchedZoom(kx) : null;
    this.stretched?.reset(ky, (x0 + x1) / 2, this.width / 2);
    this.userMoved = false;
    this.selection.call(
      this.zoom.transform,
      zoomIdentity
        .translate(this.width / 2 - (ky * (x0 + x1)) / 2, this.height / 2 - (ky * (y0 + y1)) / 2)
        .scale(ky),
    );
  }

  /** d3-zoom's transform into the view's, about the pointer when a gesture zooms. */
  follow(event) {
    const t = event.transform;
    const source = event.sourceEvent;
    if (source) this.userMoved = true;
    const anchorX =
      source?.clientX !== undefined ? pointer(source, this.canvas)[0] : this.width / 2;
    this.transform = this.stretched
      ? this.stretched.follow(t, anchorX)
      : new ViewTransform(t.k, t.k, t.x, t.y);
    this.redraw();
  }

  redraw() {
    this.frame ||= requestAnimationFrame(() => this.paintNow());
  }

  paintNow() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    paint(this.context, this.scene, {
      ...this.state,
      width: this.width,
      height: this.height,
      dpr: this.dpr,
      transform: this.transform,
    });
  }

  /** Where node i is drawn, in client coordinates. */
  screenPoint(i) {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: box.left + this.transform.x(this.scene.x[i]),
      y: box.top + this.transform.y(this.scene.y[i]),
    };
  }

  /** The node under a pointer event, or -1. */
  hit(event) {
    const t = this.transform;
    const [gx, gy] = t.invert(event.offsetX, event.offsetY);
    const { scene } = this;
    if (scene.cards) {
      for (let i = 0; i < scene.count; ++i) {
        if (
          Math.abs(gx - scene.x[i]) <= scene.cards.width[i] / 2 &&
          Math.abs(gy - scene.y[i]) <= scene.cards.height[i] / 2
        )
          return i;
      }
      return -1;
    }
    this.tree ??= quadtree(
      Array.from({ length: scene.count }, (_, i) => i),
      (i) => scene.x[i],
      (i) => scene.y[i],
    );
    const node = this.tree.find(gx, gy);
    if (node === undefined) return -1;
    // The nearest in layout units; near enough only if so on screen too.
    const reach = Math.max(scene.radius * t.ky, kHitPixels);
    const near =
      Math.hypot(t.x(scene.x[node]) - event.offsetX, t.y(scene.y[node]) - event.offsetY) <= reach;
    return near ? node : -1;
  }

  /**
   * Colours node i with colorOf(i) from the next frame on; null goes back to the op colours.
   * Call again whenever the colours behind it changed: the nodes are regrouped each time.
   */
  recolor(colorOf) {
    this.state.colorOf = colorOf ?? this.byOp;
    this.state.groups = groupByColor(this.scene, this.state.colorOf);
    this.redraw();
  }

  /**
   * Progress bars in the layer view's cards: per layer its tasks waiting, running, done and
   * failed, four numbers a layer in one typed array; null for none. Call again after changes.
   */
  setProgress(progress) {
    this.state.progress = progress;
    this.redraw();
  }

  setHovered(node) {
    if (node === this.state.hovered) return;
    this.state.hovered = node;
    this.canvas.style.cursor = node >= 0 ? 'pointer' : '';
    this.on.hover(node);
    this.redraw();
  }

  setSelected(node) {
    this.state.selected = node === this.state.selected ? -1 : node;
    this.state.highlight = edgesOf(this.scene, this.state.selected);
    this.on.select(this.state.selected);
    this.redraw();
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.observer.disconnect();
    this.selection.interrupt().on('.zoom', null);
    this.canvas.remove();
  }
}

/** Nodes grouped by colour, so each colour is one path and one fill per frame. */
function groupByColor(scene, colorOf) {
  const groups = new Map();
  for (let i = 0; i < scene.count; ++i) {
    const color = colorOf(i);
    if (!groups.has(color)) groups.set(color, []);
    groups.get(color).push(i);
  }
  return [...groups].map(([color, members]) => [color, Int32Array.from(members)]);
}

/** Edge numbers grouped by the x of their source: in a layered layout, one group per column. */
function groupBySourceColumn(scene) {
  const groups = new Map();
  for (let e = 0; e < scene.edges.length / 2; ++e) {
    const column = scene.x[scene.edges[2 * e]];
    if (!groups.has(column)) groups.set(column, []);
    groups.get(column).push(e);
  }
  return [...groups.values()].map((edges) => Int32Array.from(edges));
}

/** The numbers of the edges into and out of `node`. */
function edgesOf(scene, node) {
  if (node < 0) return [];
  const found = [];
  for (let e = 0; e < scene.edges.length / 2; ++e) {
    if (scene.edges[2 * e] === node || scene.edges[2 * e + 1] === node) found.push(e);
  }
  return found;
}
