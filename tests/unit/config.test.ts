import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', ANTHROPIC_API_KEY: 'sk-ant-1' };

describe('loadConfig', () => {
  it('starts with the embedded store, Seoul time and the default model', () => {
    const config = loadConfig(minimal);
    expect(config.store).toEqual({ kind: 'pglite', dataDir: './.paimy' });
    expect(config.timezone).toBe('Asia/Seoul');
    expect(config.anthropic.model).toBe('claude-sonnet-5-5');
    expect(config.port).toBe(3000);
    expect(config.notion).toBeUndefined();
  });

  it('names every missing or malformed variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'not-a-bot-token', PORT: 'eighty', PAIMY_TIMEZONE: 'Seoul', NOTION_INTEGRATION_TOKEN: 'ntn_1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'ANTHROPIC_API_KEY', 'PORT', 'PAIMY_TIMEZONE', 'NOTION_TASK_DATABASE_ID']) {
      expect(problems).toContain(name);
    }
    expect((error as Error).message).toMatch(/NOTION_TASK_DATABASE_ID: is required when NOTION_INTEGRATION_TOKEN is set/);
  });

  it('maps Paimy states to the database option names and unescapes the Google key', () => {
    const config = loadConfig({
      ...minimal,
      NOTION_INTEGRATION_TOKEN: 'ntn_1',
      NOTION_TASK_DATABASE_ID: 'db1',
      NOTION_STATUS_NAMES: '{"Backlog":"Not started","In Progress":"In progress"}',
      NOTION_PROPERTY_NAMES: '{"title":"Name"}',
      GOOGLE_SERVICE_ACCOUNT_EMAIL: 'paimy@proj.iam.gserviceaccount.com',
      GOOGLE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
    });
    expect(config.notion?.statusNames).toEqual({ Backlog: 'Not started', 'In Progress': 'In progress', Blocked: 'Blocked', Done: 'Done' });
    expect(config.notion?.properties.title).toBe('Name');
    expect(config.notion?.properties.status).toBe('상태');
    expect(config.google?.privateKey).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
  });

  it('rejects a status map with unknown states', () => {
    expect(() => loadConfig({ ...minimal, NOTION_STATUS_NAMES: '{"Finished":"Done"}' })).toThrow(/NOTION_STATUS_NAMES/);
  });

  it('picks Postgres over Supabase when DATABASE_URL is set', () => {
    expect(loadConfig({ ...minimal, DATABASE_URL: 'postgres://127.0.0.1/test' }).store.kind).toBe('postgres');
    expect(loadConfig({ ...minimal, SUPABASE_URL: 'https://x.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'k' }).store.kind).toBe('supabase');
  });
});
