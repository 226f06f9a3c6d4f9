// The dashboard's one WebSocket: `events` next to the page (http://host:port/ ->
// ws://host:port/events, https -> wss), server to client only. When it closes the page says
// so and tries again every second, for as long as it stays open: a compute restarted, or the
// server coming back, then shows up by itself. A server that cut the page off for falling
// behind says so in its close frame (code 1013, try again later), which is passed on.

const kRetryMs = 1000;

/** The events URL for a page at `href`: the last path segment replaced by "events". */
export function eventsUrl(href) {
  const url = new URL('events', href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = '';
  return url.href;
}

/**
 * Connects, and reconnects after every close.
 * @param on  {open(), close({code, reason}), message(object)}; messages that are not JSON
 *   objects are dropped
 */
export function connect(url, on) {
  let socket = null;
  let retry = 0;
  let stopped = false;

  function open() {
    retry = 0;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      console.warn(`dagarray dashboard: cannot open ${url}: ${error.message}`);
      retry = setTimeout(open, kRetryMs);
      return;
    }
    socket.addEventListener('open', () => on.open());
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not ours to show; the next message may be fine
      }
      if (message && typeof message === 'object') on.message(message);
    });
    // An error is always followed by close, where the retry is scheduled.
    socket.addEventListener('close', (event) => {
      socket = null;
      on.close({ code: event.code, reason: event.reason });
      if (!stopped) retry ||= setTimeout(open, kRetryMs);
    });
  }

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    },
  };
}
