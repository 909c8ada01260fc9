import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/events.js';
import { openEventStream, type EventStream } from './event-stream.js';

/**
 * The event-stream reader against a real HTTP server on 127.0.0.1 that writes the SSE format
 * the way a desk server, a proxy or a broken server might: split chunks, CRLF, comments,
 * several data lines, junk. remote.test.ts runs it against the real desk server.
 */

let server: Server | null = null;
let stream: EventStream | null = null;
afterEach(async () => {
  stream?.close();
  stream = null;
  if (server !== null) {
    server.closeAllConnections();
    await new Promise<void>((done) => server?.close(() => done()));
    server = null;
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<string> {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', () => done()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const sse = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
};

describe('event stream', () => {
  it('parses data lines across chunks, CRLF and comments, and drops what is not a desk event', async () => {
    const cookies: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      cookies.push(req.headers.cookie);
      sse(res);
      res.write(': connected\n\n');
      res.write('data: {"kind":"changed",');
      setTimeout(() => {
        res.write('"topics":["stock"]}\r\n\r\n');
        res.write('data: not json\n\n');
        res.write('data: {"kind":"changed","topics":["nonsense"]}\n\n');
        res.write('event: whatever\nid: 3\ndata: {"kind":"changed",\ndata: "topics":["members"],"memberId":7}\n\n');
        res.write(': keep-alive\n\n');
      }, 20);
    });
    const heard: DeskEvent[] = [];
    stream = openEventStream({ url, headers: () => ({ cookie: 'desk_session=abc' }), onEvent: (e) => heard.push(e), onReachable: () => undefined, onRefused: () => undefined });
    await until(() => heard.length === 2, 'two events');
    expect(heard).toEqual([
      { kind: 'changed', topics: ['stock'] },
      { kind: 'changed', topics: ['members'], memberId: 7 },
    ]);
    expect(cookies).toEqual(['desk_session=abc']);
    expect(stream.connected()).toBe(true);
  });

  it('opens again after the server drops the stream, and stops for good on 401 or signed_out', async () => {
    const reach: boolean[] = [];
    const refused: number[] = [];
    const heard: DeskEvent[] = [];
    const url = await serve((_req, res, n) => {
      if (n === 0) {
        sse(res);
        res.end('data: {"kind":"changed","topics":["jobs"]}\n\n');
      } else if (n === 1) {
        res.writeHead(503).end();
      } else if (n === 2) {
        sse(res);
        res.write('data: {"kind":"signed_out","reason":"session_ended"}\n\n');
      } else {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false}');
      }
    });
    stream = openEventStream({
      url,
      headers: () => ({}),
      onEvent: (e) => heard.push(e),
      onReachable: (ok) => reach.push(ok),
      onRefused: (status) => refused.push(status),
      backoff: { firstMs: 10, maxMs: 40 },
    });
    await until(() => heard.length === 2, 'the signed_out event');
    expect(heard).toEqual([
      { kind: 'changed', topics: ['jobs'] },
      { kind: 'signed_out', reason: 'session_ended' },
    ]);
    // Open, dropped (reconnect at once), refused with 503 (lost), open again.
    expect(reach).toEqual([true, false, true]);
    expect(stream.connected()).toBe(false);
    expect(refused).toEqual([]);

    stream.close();
    const url2 = await (async () => {
      server?.closeAllConnections();
      await new Promise<void>((done) => server?.close(() => done()));
      return serve((_req, res) => res.writeHead(401).end());
    })();
    stream = openEventStream({ url: url2, headers: () => ({}), onEvent: () => undefined, onReachable: () => undefined, onRefused: (s) => refused.push(s), backoff: { firstMs: 10, maxMs: 40 } });
    await until(() => refused.length === 1, 'the refusal');
    expect(refused).toEqual([401]);
  });

  it('drops a stream that falls silent and opens a new one', async () => {
    let opened = 0;
    const url = await serve((_req, res) => {
      opened++;
      sse(res);
      res.write(': connected\n\n');
    });
    stream = openEventStream({ url, headers: () => ({}), onEvent: () => undefined, onReachable: () => undefined, onRefused: () => undefined, idleMs: 100, backoff: { firstMs: 10, maxMs: 40 } });
    await until(() => opened >= 3, 'three openings');
  });
});
