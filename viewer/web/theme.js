// The fonts and colours the canvas drawing shares with the page's CSS.

export const kFont =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const kBackground = '#f8fafc';
export const kEdge = '#a3b1c4';
export const kEdgeHighlight = '#0f172a';
export const kHover = '#2563eb';
export const kLabel = '#1e293b';

// A task's state as the dashboard colours it, by the protocol's numbers: 0 waiting, 1 running,
// 2 done, 3 failed. Waiting recedes, running stands out, failed is the one red.
export const kStateNames = ['waiting', 'running', 'done', 'failed'];
export const kStateColors = ['#cbd5e1', '#f59e0b', '#16a34a', '#dc2626'];
