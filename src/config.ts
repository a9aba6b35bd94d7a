/**
 * Configuration: the only module that reads the environment's shape. `loadConfig(env)` takes a
 * plain object (tests pass one) and either returns a typed Config or throws one ConfigError
 * listing every missing or malformed variable. Contract: ../shared/design.md §3.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isValidZone } from './time';

/** Paimy's four task states, mapped to the database's own option names by configuration. */
export const TASK_STATUSES = ['Backlog', 'In Progress', 'Blocked', 'Done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const NOTION_PROPERTY_KEYS = [
  'title',
  'status',
  'owner',
  'due',
  'priority',
  'details',
  'source',
  'sourceUrl',
] as const;
export type NotionPropertyKey = (typeof NOTION_PROPERTY_KEYS)[number];

const DEFAULT_PROPERTY_NAMES: Record<NotionPropertyKey, string> = {
  title: '태스크명',
  status: '상태',
  owner: '담당자',
  due: '마감일',
  priority: '우선순위',
  details: '실행 상세',
  source: '소스',
  sourceUrl: '원본 링크',
};

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const required = z.string({ error: 'is required' }).trim().min(1, 'is required');
const url = z.url({ error: 'must be a URL (http:// or https://)' });
const optionalUrl = optional.pipe(url.optional());

/** A JSON object of string → string, e.g. `{"Backlog":"Not started"}`. */
function jsonMap<K extends string>(keys: readonly K[]) {
  return optional.transform((text, ctx) => {
    if (text === undefined) return {} as Partial<Record<K, string>>;
    try {
      const parsed = z.partialRecord(z.enum(keys), z.string().min(1)).parse(JSON.parse(text));
      return parsed as Partial<Record<K, string>>;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `must be a JSON object whose keys are among ${keys.join(', ')}`,
      });
      return z.NEVER;
    }
  });
}

function positiveNumber(fallback: string) {
  return optional
    .transform((v) => v ?? fallback)
    .pipe(z.coerce.number<string>({ error: 'must be a number' }).positive('must be greater than 0'));
}

/** `HH:mm-HH:mm` in the team zone; `none` allowed where `allowNone`. */
function hoursRange(fallback: string, allowNone: boolean) {
  return optional.transform((text, ctx) => {
    const value = text ?? fallback;
    if (allowNone && value.toLowerCase() === 'none') return undefined;
    const m = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
    if (!m || `${m[3]}:${m[4]}` <= `${m[1]}:${m[2]}`) {
      ctx.addIssue({ code: 'custom', message: `must look like ${fallback}${allowNone ? " (or 'none')" : ''}, end after start` });
      return z.NEVER;
    }
    return { start: `${m[1]}:${m[2]}`, end: `${m[3]}:${m[4]}` };
  });
}

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: required.startsWith('xoxb-', 'must be a bot token (xoxb-…)'),
  SLACK_SIGNING_SECRET: required,
  SLACK_APP_TOKEN: optional.pipe(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional()),
  PORT: optional
    .transform((v) => v ?? '3000')
    .pipe(z.coerce.number<string>({ error: 'must be a port number (0-65535)' }).int().min(0).max(65535)),
  SLACK_API_URL: optionalUrl,
  ANTHROPIC_API_KEY: required,
  ANTHROPIC_MODEL: optional.transform((v) => v ?? 'claude-sonnet-5-5'),
  ANTHROPIC_BASE_URL: optionalUrl,
  NOTION_INTEGRATION_TOKEN: optional,
  NOTION_TASK_DATABASE_ID: optional,
  NOTION_BASE_URL: optionalUrl,
  NOTION_PROPERTY_NAMES: jsonMap(NOTION_PROPERTY_KEYS),
  NOTION_REQUESTS_PER_SECOND: positiveNumber('3'),
  NOTION_STATUS_NAMES: jsonMap(TASK_STATUSES),
  GOOGLE_SERVICE_ACCOUNT_EMAIL: optional,
  GOOGLE_PRIVATE_KEY: optional.transform((v) => v?.replace(/\\n/g, '\n')),
  GOOGLE_DELEGATED_USER_EMAIL: optional,
  GOOGLE_API_ROOT_URL: optionalUrl,
  GOOGLE_OAUTH_TOKEN_URL: optionalUrl,
  SUPABASE_URL: optionalUrl,
  SUPABASE_SERVICE_ROLE_KEY: optional,
  DATABASE_URL: optional,
  PAIMY_DATA_DIR: optional.transform((v) => v ?? './.paimy'),
  PAIMY_TIMEZONE: optional
    .transform((v) => v ?? 'Asia/Seoul')
    .refine(isValidZone, 'must be an IANA time zone such as Asia/Seoul'),
  PAIMY_EVENT_LEASE_MS: positiveNumber('120000'),
  PAIMY_SWEEP_INTERVAL_MS: positiveNumber('30000'),
  PAIMY_WORKING_HOURS: hoursRange('09:00-18:00', false),
  PAIMY_LUNCH_HOURS: hoursRange('12:00-13:00', true),
  LOG_LEVEL: optional.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export interface NotionConfig {
  token: string;
  databaseId: string;
  baseUrl?: string;
  /** Property names in the task database, by Paimy's own key. */
  properties: Record<NotionPropertyKey, string>;
  /** The database's option name for each of Paimy's states. */
  statusNames: Record<TaskStatus, string>;
  /** Requests per second across all replicas (Notion's limit is about 3). */
  requestsPerSecond: number;
}

export type StoreConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'supabase'; url: string; serviceRoleKey: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  slack: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  port: number;
  anthropic: { apiKey: string; model: string; baseUrl?: string };
  /** Absent when the Notion variables are not set: task tools are then disabled. */
  notion?: NotionConfig;
  google?: {
    serviceAccountEmail: string;
    privateKey: string;
    delegatedUserEmail?: string;
    apiRootUrl?: string;
    oauthTokenUrl?: string;
  };
  store: StoreConfig;
  timezone: string;
  /** Working hours and lunch in the team zone, `HH:mm` (free-slot search). */
  workingHours: { start: string; end: string };
  lunchHours?: { start: string; end: string };
  /** Event claims: lease without heartbeat, and how often dead claims are looked for (ms). */
  eventLeaseMs: number;
  sweepIntervalMs: number;
  logLevel: string;
}

/** Thrown by loadConfig; `problems` has one line per bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Paimy cannot start; fix these environment variables:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Validates the environment. Reads nothing but `env`.
 * @param env usually `process.env`; tests pass a plain object
 * @throws ConfigError naming every missing or malformed variable at once
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    const named = new Set<string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      if (named.has(name)) continue; // one line per variable: the first thing wrong with it
      named.add(name);
      problems.push(`${name}: ${issue.message}`);
    }
  }
  for (const [a, b] of PAIRS) pairRequired(env, a, b, problems);
  const e = parsed.data;
  if (problems.length > 0 || !e) throw new ConfigError(problems);

  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, model: e.ANTHROPIC_MODEL, baseUrl: e.ANTHROPIC_BASE_URL },
    notion:
      e.NOTION_INTEGRATION_TOKEN && e.NOTION_TASK_DATABASE_ID
        ? {
            token: e.NOTION_INTEGRATION_TOKEN,
            databaseId: e.NOTION_TASK_DATABASE_ID,
            baseUrl: e.NOTION_BASE_URL,
            requestsPerSecond: e.NOTION_REQUESTS_PER_SECOND,
            properties: { ...DEFAULT_PROPERTY_NAMES, ...e.NOTION_PROPERTY_NAMES },
            statusNames: {
              Backlog: 'Backlog',
              'In Progress': 'In Progress',
              Blocked: 'Blocked',
              Done: 'Done',
              ...e.NOTION_STATUS_NAMES,
            },
          }
        : undefined,
    google:
      e.GOOGLE_SERVICE_ACCOUNT_EMAIL && e.GOOGLE_PRIVATE_KEY
        ? {
            serviceAccountEmail: e.GOOGLE_SERVICE_ACCOUNT_EMAIL,
            privateKey: e.GOOGLE_PRIVATE_KEY,
            delegatedUserEmail: e.GOOGLE_DELEGATED_USER_EMAIL,
            apiRootUrl: e.GOOGLE_API_ROOT_URL,
            oauthTokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
          }
        : undefined,
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : e.SUPABASE_URL && e.SUPABASE_SERVICE_ROLE_KEY
        ? { kind: 'supabase', url: e.SUPABASE_URL, serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY }
        : { kind: 'pglite', dataDir: e.PAIMY_DATA_DIR },
    timezone: e.PAIMY_TIMEZONE,
    workingHours: e.PAIMY_WORKING_HOURS!,
    lunchHours: e.PAIMY_LUNCH_HOURS,
    eventLeaseMs: e.PAIMY_EVENT_LEASE_MS,
    sweepIntervalMs: e.PAIMY_SWEEP_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
  };
}

/** Variables that only make sense together. */
const PAIRS = [
  ['NOTION_INTEGRATION_TOKEN', 'NOTION_TASK_DATABASE_ID'],
  ['GOOGLE_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_PRIVATE_KEY'],
  ['SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY'],
] as const;

/** Half an integration is a mistake worth naming; none of it just disables the integration. */
function pairRequired(env: Record<string, string | undefined>, a: string, b: string, problems: string[]): void {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  if (has(a) && !has(b)) problems.push(`${b}: is required when ${a} is set`);
  if (has(b) && !has(a)) problems.push(`${a}: is required when ${b} is set`);
}

/**
 * The process's configuration: `.env` in the working directory (if present; variables already
 * set in the environment win), then the environment, validated by loadConfig.
 * @throws ConfigError naming every missing or malformed variable
 */
export function loadConfigFromProcess(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env);
}
