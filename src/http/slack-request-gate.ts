/**
 * The HTTP door in front of Bolt's receiver. Bolt verifies signatures and rejects old
 * timestamps, malformed bodies (400) and oversized ones (413); this gate adds what it leaves
 * out: a timestamp too far in the future is as suspicious as one too old (replay window of
 * 5 minutes either way). Source: https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Logger } from '../logger';

/** Slack's replay window. */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Slack payloads are small; anything this large is not from Slack. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface GateOptions {
  eventsPath: string;
  /** Bolt's HTTPReceiver request listener (it reuses a body already buffered as `rawBody`). */
  next: (req: IncomingMessage, res: ServerResponse) => void;
  log: Logger;
  now?: () => number;
}

export function createGatedServer(opts: GateOptions): Server {
  const now = opts.now ?? Date.now;
  // Bolt's listener throws for paths it does not serve; a stray request must never crash Paimy.
  const next = (req: IncomingMessage, res: ServerResponse) => {
    try {
      opts.next(req, res);
    } catch (error) {
      const unknownPath = (error as { code?: string }).code === 'slack_bolt_http_receiver_deferred_request_error';
      if (!unknownPath) opts.log.error({ err: error }, 'HTTP request failed before reaching a listener');
      if (!res.headersSent) reject(req, res, unknownPath ? 404 : 500);
    }
  };
  return createServer(function slackRequestGate(req, res) {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== opts.eventsPath) return next(req, res);

    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (!Number.isFinite(timestamp) || Math.abs(now() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      opts.log.warn({ timestamp: req.headers['x-slack-request-timestamp'] }, 'rejected a Slack request outside the 5-minute window');
      return reject(req, res, 401);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(req, res, 413);

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(req, res, 413);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      (req as IncomingMessage & { rawBody: Buffer }).rawBody = Buffer.concat(chunks);
      next(req, res);
    });
  });
}

function reject(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.writeHead(status, { connection: 'close' });
  res.end();
  req.resume(); // drain what is left so the socket closes cleanly
}
