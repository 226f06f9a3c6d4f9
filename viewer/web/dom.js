// Small DOM helpers the viewer's and the dashboard's panels share. Text goes in through
// textContent only, so names and messages from a graph can never inject markup.

export const byId = (id) => document.getElementById(id);

/** A new `tag` element with an optional class and text. */
export function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Sizes `canvas` to `width` x `height` CSS pixels at the screen's pixel density, and records
 * width, height and dpr on `owner`. @returns false when the size had not changed (nothing done).
 */
export function fitCanvas(owner, canvas, width, height) {
  if (width === owner.width && height === owner.height) return false;
  owner.dpr = window.devicePixelRatio || 1;
  Object.assign(owner, { width, height });
  canvas.width = Math.round(width * owner.dpr);
  canvas.height = Math.round(height * owner.dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return true;
}
