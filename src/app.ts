/**
 * createApp(deps): the Bolt app with Paimy's listeners. No side effects on import; nothing
 * listens until `start()`. HTTP mode serves POST /api/slack/events (signed requests only),
 * GET /healthz and GET /readyz; Socket Mode is used when SLACK_APP_TOKEN is set.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Anthropic from '@anthropic-ai/sdk';
import { App, HTTPReceiver } from '@slack/bolt';
import type { GoogleCalendar } from './adapters/google-calendar';
import type { Gmail } from './adapters/gmail';
import type { NotionTasks } from './adapters/notion';
import { SlackPeople } from './adapters/slack-people';
import type { SchedulingRules } from './agent/tool';
import { availableTools } from './agent/tools';
import { boltLogger } from './bolt-logger';
import type { Config } from './config';
import { startClaimSweeper } from './conversation/claim-sweeper';
import { LEASE_MS } from './conversation/event-claim';
import { type ConversationDeps, type IncomingMessage, respondToMessage } from './conversation/respond';
import { registerListeners } from './listeners';
import type { Logger } from './logger';
import type { Store } from './store/store';
import type { TeamTime } from './time';
import { createGatedServer } from './http/slack-request-gate';
import { WorkTracker } from './work-tracker';

export const EVENTS_PATH = '/api/slack/events';
const DEFAULT_CONTEXT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const CONFIRMATION_TTL_MS = 24 * 60 * 60 * 1000;

export interface AppDeps {
  config: Pick<Config, 'slack' | 'anthropic'>;
  log: Logger;
  store: Store;
  anthropic: Anthropic;
  time: TeamTime;
  /** Absent when Notion is not configured or its schema check failed. */
  notion?: NotionTasks;
  /** Absent when Google is not configured. */
  calendar?: GoogleCalendar;
  gmail?: Gmail;
  scheduling: SchedulingRules;
  contextTtlMs?: number;
  /** How long an event claim stays exclusive without a heartbeat (ms). */
  leaseMs?: number;
  /** How often expired claims of dead processes are looked for (ms). */
  sweepIntervalMs?: number;
}

export interface PaimyApp {
  app: App;
  tracker: WorkTracker;
  /** Starts listening (HTTP mode: on `port`, 0 for any) and returns the bound port. */
  start(port: number): Promise<{ port?: number }>;
  /** Stops taking requests, then waits for accepted work to finish. */
  stop(): Promise<void>;
}

export function createApp(deps: AppDeps): PaimyApp {
  const { config, log, store } = deps;
  const tracker = new WorkTracker();
  const logger = boltLogger(log);
  const socketMode = config.slack.appToken !== undefined;
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret,
        endpoints: EVENTS_PATH,
        logger,
        customRoutes: [
          { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { ok: true }) },
          {
            path: '/readyz',
            method: 'GET',
            handler: (_req, res) => {
              store.ping().then(
                () => json(res, 200, { ok: true }),
                (error: unknown) => {
                  log.warn({ err: error }, 'readiness check failed: store did not answer');
                  json(res, 503, { ok: false, error: 'store_unavailable' });
                },
              );
            },
          },
        ],
      });
  const app = new App({
    token: config.slack.botToken,
    receiver,
    socketMode,
    appToken: config.slack.appToken,
    logger,
    deferInitialization: true, // auth.test runs in start(), where its failure can be reported
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      // A reply that lands half an hour late is worse than a clear failure.
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3_000 },
    },
  });

  const connected = { notion: deps.notion !== undefined, google: deps.calendar !== undefined && deps.gmail !== undefined };
  const conversation: ConversationDeps = {
    log,
    store,
    anthropic: deps.anthropic,
    model: config.anthropic.model,
    time: deps.time,
    tools: availableTools(connected),
    notion: deps.notion,
    calendar: deps.calendar,
    gmail: deps.gmail,
    scheduling: deps.scheduling,
    disabled: [
      ...(connected.notion ? [] : ['Notion (tasks)']),
      ...(connected.google ? [] : ['Google Calendar and Gmail']),
    ],
    slack: app.client,
    slackPeople: new SlackPeople(app.client),
    contextTtlMs: deps.contextTtlMs ?? DEFAULT_CONTEXT_TTL_MS,
    confirmationTtlMs: CONFIRMATION_TTL_MS,
    leaseMs: deps.leaseMs ?? LEASE_MS,
  };
  const answer = (message: IncomingMessage) => tracker.run(() => respondToMessage(conversation, message));
  // Everything after Slack's ack is tracked from its first step (a listener's own store reads
  // included), so shutdown drains it and tests can wait for it.
  app.use(({ next }) => tracker.run(next));
  registerListeners(app, {
    log,
    store,
    time: deps.time,
    notion: deps.notion,
    settle: { store, slack: app.client, calendar: deps.calendar, notion: deps.notion, time: deps.time, log },
    run: answer,
  });
  app.error(async (error) => {
    log.error({ err: error }, 'unhandled error in a Slack listener');
  });

  let stopSweeper: (() => void) | undefined;
  let server: Server | undefined;
  return {
    app,
    tracker,
    async start(port) {
      await app.init();
      stopSweeper = startClaimSweeper({ store, log, intervalMs: deps.sweepIntervalMs ?? 30_000, resume: answer });
      if (!receiver) {
        await app.start();
        return {};
      }
      server = createGatedServer({ eventsPath: EVENTS_PATH, next: receiver.requestListener, log });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, () => resolve());
      });
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      stopSweeper?.();
      if (server) {
        const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
      } else {
        await app.stop();
      }
      await tracker.idle();
    },
  };
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
