// Minimal node:http wrapper shared by the service fakes: parses the request body
// (JSON or form-encoded) and serialises the handler's reply as JSON.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: unknown | undefined;
  form: URLSearchParams | undefined;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify unless it is already a string. */
  body: unknown;
}

export type FakeHandler = (req: FakeRequest) => Promise<FakeResponse>;

export interface RunningServer {
  /** e.g. http://127.0.0.1:54321 (no trailing slash) */
  url: string;
  close(): Promise<void>;
}

function parseBody(contentType: string, rawBody: string): Pick<FakeRequest, 'json' | 'form'> {
  if (rawBody.length === 0) return { json: undefined, form: undefined };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return { json: undefined, form: new URLSearchParams(rawBody) };
  }
  try {
    return { json: JSON.parse(rawBody) as unknown, form: undefined };
  } catch {
    return { json: undefined, form: undefined };
  }
}

/** One request a fake served, with when it arrived and when it was answered (ms since epoch). */
export interface TimelineEntry {
  service: string;
  method: string;
  path: string;
  start: number;
  end: number;
  status: number;
}

/**
 * Shared by every fake in the process (the benchmark reads it): a fixed latency per service
 * added before each answer, and, when `record` is on, the timeline of every request served.
 */
export const fakeNetwork = {
  latencyMs: new Map<string, number>(),
  record: false,
  timeline: [] as TimelineEntry[],
};

export async function startHttpServer(handler: FakeHandler, service = 'fake'): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const start = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        ...parseBody(String(req.headers['content-type'] ?? ''), rawBody),
      };
      const latency = fakeNetwork.latencyMs.get(service) ?? 0;
      handler(request)
        .catch((err: unknown): FakeResponse => ({
          status: 500,
          body: { fake_error: err instanceof Error ? err.stack ?? err.message : String(err) },
        }))
        .then(async (reply) => {
          if (latency > 0) await sleep(latency);
          if (fakeNetwork.record) {
            fakeNetwork.timeline.push({ service, method: request.method, path: request.path, start, end: Date.now(), status: reply.status });
          }
          const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
          res.end(text);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    // Idempotent; also drops keep-alive sockets so the test process can exit.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `predicate` until it returns true or `timeoutMs` passes (then rejects). */
export async function pollUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs}ms: ${what}`);
    await sleep(10);
  }
}
