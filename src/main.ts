/**
 * Composition root: loadConfig → logger → store → adapters → app → start. The only place that
 * reads the environment (through loadConfigFromProcess) and the only place that exits.
 */
import { createHash } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { Gmail } from './adapters/gmail';
import { GoogleAuthPool } from './adapters/google-clients';
import { GoogleCalendar } from './adapters/google-calendar';
import { NotionTasks } from './adapters/notion';
import { pacedFetch } from './adapters/pacer';
import { createHolidayCalendar } from './scheduling/holidays';
import { createApp } from './app';
import { ConfigError, loadConfigFromProcess } from './config';
import { createLogger } from './logger';
import { openStore } from './store/open-store';
import { systemClock } from './time';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const store = await openStore(config.store, log);
  const time = { zone: config.timezone, clock: systemClock };

  let notion: NotionTasks | undefined;
  if (config.notion) {
    const integration = createHash('sha256').update(config.notion.token).digest('hex').slice(0, 16); // never the token itself
    const candidate = new NotionTasks({
      config: config.notion,
      fetch: pacedFetch(store, `notion:${integration}`, config.notion.requestsPerSecond),
    });
    try {
      const schema = await candidate.ready();
      notion = candidate;
      log.info({ data_source_id: schema.dataSourceId, status_type: schema.statusType, missing_optional: schema.missingOptional }, 'notion task database ready');
      if (schema.unknownStatusNames.length > 0) {
        log.warn(
          { unknown: schema.unknownStatusNames, options: schema.statusOptions },
          `the Notion status property has no option named ${schema.unknownStatusNames.map((n) => `"${n}"`).join(', ')}: add it in Notion or fix NOTION_STATUS_NAMES`,
        );
      }
    } catch (error) {
      log.error({ err: error }, 'Notion task tools are disabled: the task database could not be used');
    }
  } else {
    log.warn('Notion is not configured (NOTION_INTEGRATION_TOKEN, NOTION_TASK_DATABASE_ID): task tools are disabled');
  }

  const anthropic = new Anthropic({
    apiKey: config.anthropic.apiKey,
    baseURL: config.anthropic.baseUrl,
    maxRetries: 2,
    timeout: 60_000,
  });
  const google = config.google ? new GoogleAuthPool(config.google) : undefined;
  if (!google) log.warn('Google is not configured (GOOGLE_SERVICE_ACCOUNT_EMAIL, GOOGLE_PRIVATE_KEY): Calendar and Gmail tools are disabled');
  const paimy = createApp({
    config,
    log,
    store,
    anthropic,
    time,
    notion,
    calendar: google ? new GoogleCalendar(google, time) : undefined,
    gmail: google ? new Gmail(google, time) : undefined,
    leaseMs: config.eventLeaseMs,
    sweepIntervalMs: config.sweepIntervalMs,
    scheduling: {
      workingHours: config.workingHours,
      lunch: config.lunchHours,
      holidays: createHolidayCalendar(time),
      freeBusyUser: config.google?.delegatedUserEmail,
    },
  });
  const { port } = await paimy.start(config.port);
  log.info({ port, mode: config.slack.appToken ? 'socket' : 'http', store: config.store.kind }, 'Paimy is running');

  const shutdown = async (signal: string) => {
    log.info({ signal, in_flight: paimy.tracker.size }, 'shutting down: finishing accepted work');
    await paimy.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Paimy failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});

/** Start-up failures in words a person can act on. */
function describeStartupError(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error === 'invalid_auth') {
    return 'Slack rejected SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from the app\'s OAuth & Permissions page.';
  }
  if (e?.code === 'slack_webapi_request_error') {
    return `could not reach the Slack Web API (${e.message}); check the network or SLACK_API_URL.`;
  }
  return error instanceof Error ? error.message : String(error);
}
