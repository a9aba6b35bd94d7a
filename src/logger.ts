/**
 * The root pino logger (JSON lines). Created once in main.ts and passed down; each Slack event
 * gets `log.child({ event_id, channel, thread_ts })` so every line it causes can be found.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach the log: credentials and message/email bodies. */
const REDACT = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'apiKey',
  '*.apiKey',
  'privateKey',
  '*.privateKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'body',
  '*.body',
  'email_body',
  '*.email_body',
];

/**
 * @param level pino level name (`info`, `debug`, …, or `silent`)
 * @param destination where lines go; stdout by default (tests pass a stream to inspect)
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'paimy' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
