import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What one request came back with. `status` 0: the connection failed or was closed under it. */
export interface RawResponse {
  readonly status: number;
  readonly body: string;
  /** `performance.now()` when the last byte of the response was parsed. */
  readonly doneAt: number;
}

export interface RawHttpPoolOptions {
  readonly host: string;
  readonly port: number;
  /** Connections open at most; requests beyond wait in a FIFO queue inside the generator. */
  readonly maxSockets: number;
  /** A socket idle this long is closed by the pool, before the server's keep-alive timeout races it. */
  readonly idleCloseMs?: number;
}

interface Conn {
  readonly socket: Socket;
  ready: boolean;
  lastUsed: number;
  current: { bytes: Buffer; done: (r: RawResponse) => void } | null;
  buf: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

/**
 * A deliberately small HTTP/1.1 client for load generation: pre-serialised request bytes are
 * written to kept-alive sockets (one request at a time per socket, no pipelining), and the
 * response is parsed just enough to time it (status line, Content-Length or chunked end, body).
 * `node:http`'s client costs several times more CPU per request, and on a 2-core machine the
 * generator shares the cores with the service it measures.
 */
export function createRawHttpPool(opts: RawHttpPoolOptions) {
  const idle: Conn[] = [];
  const all = new Set<Conn>();
  const waiting: Array<{ bytes: Buffer; done: (r: RawResponse) => void }> = [];
  let opening = 0;
  let closed = false;
  const idleCloseMs = opts.idleCloseMs ?? 4000;

  const reaper = setInterval(() => {
    const cutoff = performance.now() - idleCloseMs;
    for (let i = idle.length - 1; i >= 0; i -= 1) {
      const c = idle[i];
      if (c && c.lastUsed < cutoff) {
        idle.splice(i, 1);
        all.delete(c);
        c.socket.destroy();
      }
    }
  }, 1000);
  reaper.unref();

  function open(): void {
    opening += 1;
    const socket = connect({ host: opts.host, port: opts.port, noDelay: true });
    const conn: Conn = {
      socket,
      ready: false,
      lastUsed: performance.now(),
      current: null,
      buf: Buffer.alloc(0),
    };
    all.add(conn);
    socket.on('connect', () => {
      opening -= 1;
      conn.ready = true;
      release(conn);
    });
    socket.on('data', (chunk: Buffer) => onData(conn, chunk));
    const fail = () => {
      if (!conn.ready) {
        opening -= 1;
        conn.ready = true; // counted once
      }
      all.delete(conn);
      const i = idle.indexOf(conn);
      if (i >= 0) {
        idle.splice(i, 1);
      }
      const cur = conn.current;
      conn.current = null;
      cur?.done({ status: 0, body: 'connection closed', doneAt: performance.now() });
      if (!closed && waiting.length > 0 && all.size - idle.length < opts.maxSockets) {
        open();
      }
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', fail);
  }

  function release(conn: Conn): void {
    conn.lastUsed = performance.now();
    const next = waiting.shift();
    if (next) {
      send(conn, next);
    } else {
      idle.push(conn);
    }
  }

  function send(conn: Conn, req: { bytes: Buffer; done: (r: RawResponse) => void }): void {
    conn.current = req;
    conn.buf = Buffer.alloc(0);
    conn.socket.write(req.bytes);
  }

  function onData(conn: Conn, chunk: Buffer): void {
    conn.buf = conn.buf.length === 0 ? chunk : Buffer.concat([conn.buf, chunk]);
    const headEnd = conn.buf.indexOf(HEADER_END);
    if (headEnd < 0 || !conn.current) {
      return;
    }
    const head = conn.buf.subarray(0, headEnd).toString('latin1');
    const bodyStart = headEnd + 4;
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const m = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    let body: Buffer;
    if (m?.[1] !== undefined) {
      const len = Number(m[1]);
      if (conn.buf.length < bodyStart + len) {
        return;
      }
      body = conn.buf.subarray(bodyStart, bodyStart + len);
    } else if (lower.includes('\r\ntransfer-encoding: chunked')) {
      const end = conn.buf.indexOf(CHUNKED_END, bodyStart - 2);
      if (end < 0) {
        return;
      }
      body = conn.buf.subarray(bodyStart, end);
    } else {
      body = conn.buf.subarray(bodyStart);
    }
    const req = conn.current;
    conn.current = null;
    conn.buf = Buffer.alloc(0);
    req.done({ status, body: body.toString('utf8'), doneAt: performance.now() });
    if (lower.includes('\r\nconnection: close')) {
      conn.socket.destroy();
    } else {
      release(conn);
    }
  }

  return {
    /** Sends the request as soon as a connection is free; resolves (never rejects) with its response. */
    request(bytes: Buffer, done: (r: RawResponse) => void): void {
      if (closed) {
        done({ status: 0, body: 'pool closed', doneAt: performance.now() });
        return;
      }
      const conn = idle.pop();
      if (conn) {
        send(conn, { bytes, done });
        return;
      }
      waiting.push({ bytes, done });
      if (all.size - idle.length < opts.maxSockets && opening < waiting.length) {
        open();
      }
    },
    /** Requests not yet written to a socket. */
    queued: () => waiting.length,
    sockets: () => all.size,
    /** Abandons what is queued or in flight (each gets status 0) and closes every socket. */
    close(): void {
      closed = true;
      clearInterval(reaper);
      for (const w of waiting.splice(0)) {
        w.done({ status: 0, body: 'abandoned', doneAt: performance.now() });
      }
      for (const c of [...all]) {
        c.socket.destroy();
      }
    },
  };
}

export type RawHttpPool = ReturnType<typeof createRawHttpPool>;

/** Serialises one POST with a form body, as TaskRouter sends an Assignment Callback. */
export function serializeFormPost(opts: {
  host: string;
  port: number;
  path: string;
  body: string;
  headers: Readonly<Record<string, string>>;
}): Buffer {
  const body = Buffer.from(opts.body, 'utf8');
  const lines = [
    `POST ${opts.path} HTTP/1.1`,
    `Host: ${opts.host}:${opts.port}`,
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${body.length}`,
    'Connection: keep-alive',
    ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
