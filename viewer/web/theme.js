// The fonts and colours the canvas drawing shares with the page's CSS.

export const kFont =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const kBackground = '#f8fafc';
export const kEdge = '#a3b1c4';
export const kEdgeHighlight = '#0f172a';
export const kHover = '#2563eb';
export const kLabel = '#1e293b';
