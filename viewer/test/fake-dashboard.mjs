// A stand-in for dagarray's dashboard server, in node: it serves the bundled dashboard page at
// "/" and speaks the dashboard's WebSocket protocol (version 1) at "/events", playing computes
// that a test scripts message by message. Like the real server it remembers the latest
// compute, so a client that connects late gets hello, compute, ONE update holding every task
// not waiting and every memory sample, each failed message, and end if it ended.

import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const kStateNames = ['waiting', 'running', 'done', 'failed'];

/** One compute as the server plays it; every method sends its message to every client. */
class Compute {
  constructor(server, id, graph, { workers = 2, scheduler = 'threads' } = {}) {
    Object.assign(this, { server, id, graph, workers, scheduler });
    this.tasks = new Map(); // index -> [index, state, worker, start, end], for late clients
    this.memory = [];
    this.failures = [];
    this.ended = null;
    this.counts = [graph.tasks.length, 0, 0, 0];
    this.time = 0;
  }

  countsObject() {
    return Object.fromEntries(kStateNames.map((name, s) => [name, this.counts[s]]));
  }

  computeMessage() {
    return {
      type: 'compute',
      compute: this.id,
      graph: this.graph,
      workers: this.workers,
      scheduler: this.scheduler,
    };
  }

  /** @param tasks  [[index, state, worker, start, end], ...]; @param memory  [[t, rss, cpu]] */
  update(time, tasks = [], memory = []) {
    this.time = time;
    for (const entry of tasks) {
      const before = this.tasks.get(entry[0])?.[1] ?? 0;
      this.counts[before] -= 1;
      this.counts[entry[1]] += 1;
      if (entry[1] === 0) this.tasks.delete(entry[0]);
      else this.tasks.set(entry[0], entry);
    }
    this.memory.push(...memory);
    this.server.broadcast({
      type: 'update',
      compute: this.id,
      time,
      tasks,
      memory,
      counts: this.countsObject(),
    });
  }

  fail(task, message) {
    const failed = {
      type: 'failed',
      compute: this.id,
      task,
      key: this.graph.tasks[task].key,
      message,
    };
    this.failures.push(failed);
    this.server.broadcast(failed);
  }

  end(time, ok = true, message = '') {
    this.ended = { type: 'end', compute: this.id, time, ok, message };
    this.server.broadcast(this.ended);
  }

  /** What a client that connects now is sent, after hello. */
  snapshot() {
    const messages = [
      this.computeMessage(),
      {
        type: 'update',
        compute: this.id,
        time: this.ended?.time ?? this.time,
        tasks: [...this.tasks.values()].sort((a, b) => a[0] - b[0]),
        memory: this.memory,
        counts: this.countsObject(),
      },
      ...this.failures,
    ];
    if (this.ended) messages.push(this.ended);
    return messages;
  }
}

/**
 * Starts the server on a free port of 127.0.0.1.
 * @returns {url, connections(), attempts(), start(graph, options) -> Compute, dropClients(),
 *           refuse(yes), stop()}
 */
export async function startFakeDashboard(html) {
  const http = createServer((request, response) => {
    if (request.url === '/' || request.url.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found\n');
    }
  });
  let refusing = false;
  let attempts = 0;
  let connections = 0;
  let latest = null;
  const sockets = new WebSocketServer({
    server: http,
    path: '/events',
    // While refusing, the handshake fails, as when no server listens: the page must retry.
    verifyClient: (_, done) => {
      attempts += 1;
      done(!refusing, 503);
    },
  });
  const send = (socket, message) => socket.send(JSON.stringify(message));
  sockets.on('connection', (socket) => {
    connections += 1;
    send(socket, { type: 'hello', protocol: 1 });
    for (const message of latest?.snapshot() ?? []) send(socket, message);
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));

  const server = {
    url: `http://127.0.0.1:${http.address().port}/`,
    connections: () => connections,
    attempts: () => attempts,
    clients: () => sockets.clients.size,
    broadcast(message) {
      const text = JSON.stringify(message);
      for (const socket of sockets.clients) socket.send(text);
    },
    start(graph, options = {}) {
      latest = new Compute(server, (latest?.id ?? 0) + 1, graph, options);
      server.broadcast(latest.computeMessage());
      return latest;
    },
    /** Cuts every connection, as a server that went away would. */
    dropClients() {
      for (const socket of sockets.clients) socket.terminate();
    },
    refuse(yes) {
      refusing = yes;
    },
    stop() {
      server.dropClients();
      sockets.close();
      const closed = new Promise((resolve) => http.close(resolve));
      http.closeAllConnections(); // else the browser's idle keep-alive holds close() for minutes
      return closed;
    },
  };
  return server;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
