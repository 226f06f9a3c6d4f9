// Paints one frame of a scene on a 2D canvas. Canvas rather than WebGL: in Chromium without a
// GPU (headless, CI, many VMs) WebGL runs on SwiftShader, where sigma.js needed 10-25 s for the
// first frame of 100,000 tasks, while Skia's software canvas paints them in a tenth of a
// second. Level of detail keeps every frame cheap: only what is in view is drawn, labels only
// once legible, arrowheads only when few edges show, dense bundles of edges as one band, and
// while a large graph moves its edges wait for the camera to stop.

import { paintCard } from './card.js';
import { kBackground, kEdge, kEdgeHighlight, kHover, kLabel } from './theme.js';

const kMovingLimit = 20000; // nodes above which edges hide while the camera moves
const kLabelLimit = 4000; // labels above which none are drawn (they would be a blur)
const kArrowLimit = 3000; // arrowheads above which none are drawn

/** The part of the graph in view, in layout units, with a margin in pixels. */
function visibleRect({ width, height, transform: t }, margin) {
  const [x0, y0] = t.invert(-margin, -margin);
  const [x1, y1] = t.invert(width + margin, height + margin);
  return { x0, y0, x1, y1 };
}

const inside = (r, x, y) => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;

/** A triangle `size` long whose tip is `back` short of (toX, toY), pointing along the line. */
function arrowhead(context, fromX, fromY, toX, toY, back, size) {
  const length = Math.hypot(toX - fromX, toY - fromY);
  if (length < back + size) return;
  const ux = (toX - fromX) / length;
  const uy = (toY - fromY) / length;
  const tipX = toX - ux * back;
  const tipY = toY - uy * back;
  context.moveTo(tipX, tipY);
  context.lineTo(tipX - ux * size - uy * size * 0.45, tipY - uy * size + ux * size * 0.45);
  context.lineTo(tipX - ux * size + uy * size * 0.45, tipY - uy * size - ux * size * 0.45);
  context.closePath();
}

/** The edges in view among `edges` (edge numbers). */
function visibleEdges(scene, rect, edges) {
  const { x, y } = scene;
  const visible = [];
  for (const e of edges) {
    const a = scene.edges[2 * e];
    const b = scene.edges[2 * e + 1];
    if (
      Math.max(x[a], x[b]) < rect.x0 ||
      Math.min(x[a], x[b]) > rect.x1 ||
      Math.max(y[a], y[b]) < rect.y0 ||
      Math.min(y[a], y[b]) > rect.y1
    )
      continue;
    visible.push(e);
  }
  return visible;
}

/** Where a group of edges runs on screen: the column of its sources, its targets' extent. */
function band(scene, t, visible) {
  const { x, y, edges } = scene;
  const span = {
    sourceX: t.x(x[edges[2 * visible[0]]]),
    targetX: -Infinity,
    sourceTop: Infinity,
    sourceBottom: -Infinity,
    targetTop: Infinity,
    targetBottom: -Infinity,
  };
  for (const e of visible) {
    const a = edges[2 * e];
    const b = edges[2 * e + 1];
    span.sourceTop = Math.min(span.sourceTop, t.y(y[a]));
    span.sourceBottom = Math.max(span.sourceBottom, t.y(y[a]));
    span.targetTop = Math.min(span.targetTop, t.y(y[b]));
    span.targetBottom = Math.max(span.targetBottom, t.y(y[b]));
    span.targetX = Math.max(span.targetX, t.x(x[b]));
  }
  return span;
}

/**
 * Straight edges between task dots, group by group (the edges leaving one column). Where a
 * group has more edges than pixels of height, single lines would only blur into a dark mass
 * over the dots, so it is drawn as one light band from its sources to its targets instead.
 */
function paintTaskEdges(context, scene, view, rect, groups) {
  const { x, y, edges } = scene;
  const t = view.transform;
  const lines = [];
  context.globalAlpha = 0.45;
  context.beginPath();
  for (const group of groups) {
    const visible = visibleEdges(scene, rect, group);
    if (!visible.length) continue;
    const span = band(scene, t, visible);
    const pixels =
      Math.max(span.sourceBottom, span.targetBottom) - Math.min(span.sourceTop, span.targetTop);
    if (visible.length < 50 || visible.length <= pixels / 2) {
      for (const e of visible) lines.push(e);
      continue;
    }
    context.moveTo(span.sourceX, span.sourceTop);
    context.lineTo(span.targetX, span.targetTop);
    context.lineTo(span.targetX, span.targetBottom);
    context.lineTo(span.sourceX, span.sourceBottom);
    context.closePath();
  }
  context.fill();
  context.globalAlpha = 1;

  context.beginPath();
  for (const e of lines) {
    const a = edges[2 * e];
    const b = edges[2 * e + 1];
    context.moveTo(t.x(x[a]), t.y(y[a]));
    context.lineTo(t.x(x[b]), t.y(y[b]));
  }
  context.stroke();
  const radius = dotRadius(scene, t);
  if (lines.length > kArrowLimit || radius < 2) return;
  context.beginPath();
  for (const e of lines) {
    const a = edges[2 * e];
    const b = edges[2 * e + 1];
    arrowhead(context, t.x(x[a]), t.y(y[a]), t.x(x[b]), t.y(y[b]), radius + 1, 6);
  }
  context.fill();
}

/** dagre's routes between layer cards (in layout units), smoothed through their midpoints. */
function paintRoutes(context, scene, only) {
  const list = only ?? scene.routes.map((_, e) => e);
  context.beginPath();
  for (const e of list) {
    const points = scene.routes[e];
    context.moveTo(points[0].x, points[0].y);
    for (let p = 1; p < points.length - 1; ++p) {
      context.quadraticCurveTo(
        points[p].x,
        points[p].y,
        (points[p].x + points[p + 1].x) / 2,
        (points[p].y + points[p + 1].y) / 2,
      );
    }
    const last = points[points.length - 1];
    context.lineTo(last.x, last.y);
  }
  context.stroke();
  context.beginPath();
  for (const e of list) {
    const [from, to] = scene.routes[e].slice(-2);
    arrowhead(context, from.x, from.y, to.x, to.y, 0, 8);
  }
  context.fill();
}

/** A dot's radius on screen: it follows the vertical zoom, as the rows do. */
const dotRadius = (scene, t) => scene.radius * t.ky;

function paintDots(context, scene, view, rect) {
  const { x, y } = scene;
  const t = view.transform;
  const radius = dotRadius(scene, t);
  // Far out a dot is smaller than a pixel: a square of a few pixels is cheaper, and keeps
  // every task visible.
  const tiny = radius < 1.5;
  for (const [color, members] of view.groups) {
    context.fillStyle = color;
    context.beginPath();
    for (const i of members) {
      if (!inside(rect, x[i], y[i])) continue;
      if (tiny) {
        context.rect(t.x(x[i]) - 1.5, t.y(y[i]) - 1.5, 3, 3);
      } else {
        context.moveTo(t.x(x[i]) + radius, t.y(y[i]));
        context.arc(t.x(x[i]), t.y(y[i]), radius, 0, 2 * Math.PI);
      }
    }
    context.fill();
    if (radius >= 3) {
      context.lineWidth = 1;
      context.strokeStyle = '#ffffff';
      context.stroke();
    }
  }
}

/** Labels stay 12px whatever the zoom: centred above their dots, with a halo over edges. */
function paintLabels(context, scene, view, rect) {
  const { x, y } = scene;
  const t = view.transform;
  if (t.ky < scene.labelZoom) return;
  const shown = [];
  for (let i = 0; i < scene.count && shown.length <= kLabelLimit; ++i) {
    if (inside(rect, x[i], y[i])) shown.push(i);
  }
  if (shown.length > kLabelLimit) return;
  const lift = dotRadius(scene, t) + 3;
  context.font = scene.labelFont;
  context.textBaseline = 'bottom';
  context.textAlign = 'center';
  context.lineJoin = 'round';
  context.lineWidth = 5;
  context.strokeStyle = kBackground;
  context.fillStyle = kLabel;
  for (const i of shown) {
    const text = scene.label(i);
    context.strokeText(text, t.x(x[i]), t.y(y[i]) - lift);
    context.fillText(text, t.x(x[i]), t.y(y[i]) - lift);
  }
}

function paintRing(context, scene, view, i, color) {
  const t = view.transform;
  context.beginPath();
  context.arc(
    t.x(scene.x[i]),
    t.y(scene.y[i]),
    Math.max(dotRadius(scene, t) + 2.5, 5),
    0,
    2 * Math.PI,
  );
  context.lineWidth = 2;
  context.strokeStyle = color;
  context.stroke();
}

function paintLayers(context, scene, view) {
  const t = view.transform; // the layer view zooms alike on both axes
  context.setTransform(view.dpr * t.ky, 0, 0, view.dpr * t.ky, view.dpr * t.tx, view.dpr * t.ty);
  context.lineWidth = 1.5;
  context.strokeStyle = context.fillStyle = kEdge;
  paintRoutes(context, scene, null);
  if (view.highlight.length) {
    context.lineWidth = 2.5;
    context.strokeStyle = context.fillStyle = kEdgeHighlight;
    paintRoutes(context, scene, view.highlight);
  }
  for (let i = 0; i < scene.count; ++i) {
    paintCard(context, {
      x: scene.x[i],
      y: scene.y[i],
      width: scene.cards.width[i],
      height: scene.cards.height[i],
      title: scene.op[i],
      lines: scene.cards.lines[i],
      color: view.colorOf(i),
      progress: view.progress?.subarray(4 * i, 4 * i + 4),
      scale: t.ky,
      state: i === view.selected || i === view.hovered,
    });
  }
}

function paintTasks(context, scene, view) {
  const rect = visibleRect(view, 20);
  if (!(view.moving && scene.count > kMovingLimit)) {
    context.lineWidth = 1;
    context.strokeStyle = context.fillStyle = kEdge;
    paintTaskEdges(context, scene, view, rect, view.edgeGroups);
  }
  if (view.highlight.length) {
    context.lineWidth = 2;
    context.strokeStyle = context.fillStyle = kEdgeHighlight;
    paintTaskEdges(context, scene, view, rect, [view.highlight]);
  }
  paintDots(context, scene, view, rect);
  if (view.selected >= 0) paintRing(context, scene, view, view.selected, kEdgeHighlight);
  if (view.hovered >= 0 && view.hovered !== view.selected)
    paintRing(context, scene, view, view.hovered, kHover);
  if (!view.moving || scene.count <= kMovingLimit) paintLabels(context, scene, view, rect);
}

/**
 * @param view {width, height, dpr, transform: ViewTransform, moving, groups: [[colour, nodes]],
 *              edgeGroups: [edge numbers], colorOf: node -> colour, hovered, selected,
 *              highlight: edge numbers, progress: per layer 4 task counts by state, or null}
 */
export function paint(context, scene, view) {
  context.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
  context.fillStyle = kBackground;
  context.fillRect(0, 0, view.width, view.height);
  if (scene.kind === 'layers') {
    paintLayers(context, scene, view);
  } else {
    paintTasks(context, scene, view);
  }
}
