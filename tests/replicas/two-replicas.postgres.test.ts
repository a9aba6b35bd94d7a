/**
 * Issue #4: two Paimy processes on one PostgreSQL. The same 1,000 events, many delivered 2–4
 * times and concurrently to either replica, get exactly one reply and one side effect each; a
 * replica killed after claiming an event has it finished by the other after the lease.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnthropicFake,
  type NotionFake,
  type SlackFake,
  type Step,
  APP_ID,
  BOT_USER_ID,
  TEAM_ID,
  text,
  toolUse,
  startAnthropicFake,
  startNotionFake,
  startSlackFake,
} from '../fakes';
import type { MessagesRequestBody } from '../fakes/anthropic';
import { type PaimyProcess, startPaimyProcess } from '../support/paimy-process';
import { signSlackRequest } from '../support/slack-signing';

const ADMIN_URL = process.env.PAIMY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'replica-signing-secret';
const USERS = Array.from({ length: 10 }, (_, i) => ({ slack: `U0USER${i}`, email: `user${i}@paimy.example` }));

/** Claude as the replicas see it: "할 일 추가 task-N" → create_task task-N → a short answer. */
function respond(req: MessagesRequestBody): Step {
  const last = JSON.stringify(req.messages.at(-1)!.content);
  const task = /task-\d+/.exec(last)?.[0] ?? 'task-?';
  // The user's words, or the tool_result answering create_task.
  return last.includes('"tool_result"') ? text(`추가했어요: ${task}`) : toolUse('create_task', { title: task });
}

describe('two replicas on one PostgreSQL', () => {
  const schema = `paimy_replicas_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  let slack: SlackFake;
  let notion: NotionFake;
  let claude: AnthropicFake;
  const replicas: PaimyProcess[] = [];

  async function startReplica(extra: Record<string, string> = {}) {
    const replica = await startPaimyProcess({
      SLACK_BOT_TOKEN: 'xoxb-replica',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      ANTHROPIC_API_KEY: 'sk-ant-replica',
      ANTHROPIC_BASE_URL: claude.url,
      NOTION_INTEGRATION_TOKEN: 'ntn_replica',
      NOTION_TASK_DATABASE_ID: notion.databaseId,
      NOTION_BASE_URL: notion.url,
      NOTION_REQUESTS_PER_SECOND: '500',
      DATABASE_URL: `${ADMIN_URL}?options=-c%20search_path%3D${schema}`,
      PAIMY_EVENT_LEASE_MS: '2000',
      PAIMY_SWEEP_INTERVAL_MS: '500',
      ...extra,
    });
    replicas.push(replica);
    return replica;
  }

  function deliver(replica: PaimyProcess, eventId: string, ts: string, words: string, user: string, retryNum = 0) {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: TEAM_ID,
      api_app_id: APP_ID,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
      event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text: words, ts, event_ts: ts },
    });
    return fetch(`${replica.url}/api/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signSlackRequest(SECRET, body),
        ...(retryNum > 0 ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
      },
      body,
    }).then((r) => r.status);
  }

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    [slack, notion, claude] = await Promise.all([startSlackFake(), startNotionFake(), startAnthropicFake()]);
    claude.responder = respond;
    for (const u of USERS) {
      slack.addUser({ id: u.slack, name: u.slack.toLowerCase(), realName: u.slack, email: u.email });
      notion.addUser({ name: u.slack, email: u.email });
    }
    await startReplica();
    await startReplica();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await Promise.all([slack?.close(), notion?.close(), claude?.close()]);
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('answers 1,000 events delivered 2–4 times each exactly once, with one side effect each', async () => {
    const [a, b] = replicas as [PaimyProcess, PaimyProcess];
    const events = Array.from({ length: Number(process.env.REPLICA_EVENTS ?? 1000) }, (_, n) => ({
      id: `EvR${n}`,
      ts: `1795500000.${String(n).padStart(6, '0')}`,
      user: USERS[n % USERS.length]!.slack,
      words: `할 일 추가 task-${n}`,
    }));
    let deliveries = 0;
    for (let i = 0; i < events.length; i += 50) {
      const batch = events.slice(i, i + 50).flatMap((e, j) => {
        const copies = 2 + ((i + j) % 3); // 2, 3 or 4 deliveries
        deliveries += copies;
        return Array.from({ length: copies }, (_, c) => deliver(c % 2 === 0 ? a : b, e.id, e.ts, e.words, e.user, c));
      });
      expect(new Set(await Promise.all(batch))).toEqual(new Set([200]));
    }
    expect(deliveries).toBeGreaterThanOrEqual(events.length * 2.9);

    await slack.waitFor((s) => s.callsOf('chat.postMessage').length >= events.length, 120_000);
    await new Promise((r) => setTimeout(r, 2_000)); // anything extra would have arrived by now
    for (const e of events) {
      const replies = slack.messagesIn(`D${e.user}`, e.ts);
      expect(replies.map((m) => m.text), e.id).toEqual([`추가했어요: task-${e.id.slice(3)}`]);
    }
    const titles = notion.pages.map((p) => JSON.stringify(notion.prop(p.id, '태스크명')));
    for (const e of events) expect(titles.filter((t) => t.includes(`"task-${e.id.slice(3)}"`)), e.id).toHaveLength(1);
    expect(notion.pages).toHaveLength(events.length);
    expect(claude.requests).toHaveLength(events.length * 2); // 1 + one round of tools, once per event
  }, 300_000);

  it('finishes the event of a replica killed after claiming it, once, after the lease', async () => {
    const victim = await startReplica();
    const survivor = replicas[0]!;
    const before = { replies: slack.callsOf('chat.postMessage').length, pages: notion.pages.length, requests: claude.requests.length };
    // The victim's Claude call hangs long enough for the victim to be killed mid-answer.
    claude.script(async (req) => {
      await new Promise((r) => setTimeout(r, 3_000));
      return respond(req);
    });
    const user = USERS[0]!.slack;
    expect(await deliver(victim, 'EvKILL', '1795600000.000001', '할 일 추가 task-9999', user)).toBe(200);
    await slack.waitFor(() => claude.requests.length > before.requests, 10_000); // claimed and working
    await victim.kill();

    await slack.waitFor((s) => s.messagesIn(`D${user}`, '1795600000.000001').length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(slack.messagesIn(`D${user}`, '1795600000.000001').map((m) => m.text)).toEqual(['추가했어요: task-9999']);
    expect(notion.pages.length).toBe(before.pages + 1);
    expect(survivor.child.exitCode).toBeNull();
  }, 60_000);

  it('finishes accepted work on SIGTERM before exiting', async () => {
    const leaving = await startReplica();
    claude.script(async (req) => {
      await new Promise((r) => setTimeout(r, 1_500));
      return respond(req);
    });
    const user = USERS[1]!.slack;
    const pagesBefore = notion.pages.length;
    expect(await deliver(leaving, 'EvTERM', '1795700000.000001', '할 일 추가 task-7777', user)).toBe(200);
    await slack.waitFor(() => claude.requests.some((r) => JSON.stringify(r.body.messages).includes('task-7777')), 10_000);
    await leaving.stop(); // SIGTERM while Claude is still thinking
    expect(leaving.child.exitCode).toBe(0);
    expect(slack.messagesIn(`D${user}`, '1795700000.000001').map((m) => m.text)).toEqual(['추가했어요: task-7777']);
    expect(notion.pages.length).toBe(pagesBefore + 1);
  }, 60_000);
});
