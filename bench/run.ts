/**
 * `npm run bench [-- --quick]`: Paimy's performance budget, measured in one run.
 * Paimy runs as its own process (HTTP mode, embedded store) against local fakes with fixed
 * latencies; a separate load process sends Slack-signed events. Writes a table to stdout and
 * bench/results/latest.json. Latencies: --claude-ms, --notion-ms, --google-ms, --slack-ms;
 * `--database-url URL` runs Paimy on PostgreSQL instead (a comparison, not the budget) and
 * writes bench/results/postgres.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { APP_ID, BOT_USER_ID, TEAM_ID, fakeNetwork } from '../tests/fakes';
import { startLoadProcess } from './load-client';
import { MINJI, SIGNING_SECRET, startStack } from './stack';
import { percentile, round, unionLength } from './stats';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const latency = { claude: arg('claude-ms', 3000), notion: arg('notion-ms', 300), google: arg('google-ms', 200), slack: arg('slack-ms', 50) };
const plan = quick
  ? { runs: 1, burstSeconds: 5, burstRate: 50, concurrent: 6, soakEvents: 300, soakRate: 100, settleMs: 1000 }
  : { runs: 5, burstSeconds: 60, burstRate: 50, concurrent: 100, soakEvents: 10_000, soakRate: 50, settleMs: 2000 };
const progress = (what: string) => process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${what}\n`);

let seq = 0;
function mentionBody(words: string, o: { channel?: string; thread_ts?: string; user?: string } = {}) {
  seq += 1;
  const ts = `1796000000.${String(seq).padStart(6, '0')}`;
  const event = {
    type: 'app_mention',
    user: o.user ?? MINJI.slack,
    text: `<@${BOT_USER_ID}> ${words}`,
    ts,
    event_ts: ts,
    channel: o.channel ?? 'C0BENCH',
    ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
  };
  const body = JSON.stringify({
    token: 'legacy', team_id: TEAM_ID, api_app_id: APP_ID, type: 'event_callback', event_id: `EvB${seq}`,
    event_time: Math.floor(Date.now() / 1000), authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }], event,
  });
  return { body, ts, channel: event.channel };
}

async function main() {
  const i = args.indexOf('--database-url');
  const stack = await startStack(latency, i >= 0 ? args[i + 1] : undefined);
  const load = startLoadProcess();
  try {
    await measure(stack, load);
  } finally {
    load.stop();
    await stack.stop();
  }
}

async function measure(stack: Awaited<ReturnType<typeof startStack>>, load: ReturnType<typeof startLoadProcess>) {
  const eventsUrl = `${stack.url}/api/slack/events`;
  const { slack, notion, claude } = stack;
  const waitReply = (channel: string, threadTs: string, count = 1, timeoutMs = 120_000) =>
    slack.waitFor((s) => s.messagesIn(channel, threadTs).filter((m) => !m.ephemeralUser).length >= count, timeoutMs);

  // Warm-up: first contact maps the user, caches Notion's people list.
  const warm = mentionBody('안녕');
  await load.send(eventsUrl, SIGNING_SECRET, [warm.body], 0);
  await waitReply(warm.channel, warm.ts);
  await new Promise((r) => setTimeout(r, 1000));
  const rssIdle = await stack.paimy.rssMb();

  progress('scenarios');
  // ---- Scenarios, one event at a time, timed from the fakes' own logs.
  fakeNetwork.record = true;
  type Scenario = 'list_tasks' | 'mark_done' | 'schedule_meeting';
  const measured: Record<Scenario, { e2e: number[]; floor: number[]; claude: number[]; notion: number[]; google: number[]; schemaCalls: number }> = {
    list_tasks: { e2e: [], floor: [], claude: [], notion: [], google: [], schemaCalls: 0 },
    mark_done: { e2e: [], floor: [], claude: [], notion: [], google: [], schemaCalls: 0 },
    schedule_meeting: { e2e: [], floor: [], claude: [], notion: [], google: [], schemaCalls: 0 },
  };
  const cacheFrom = claude.requests.length;
  async function timed(name: Scenario, ev: { body: string; ts: string; channel: string }, threadTs: string, replyIndex: number) {
    fakeNetwork.timeline.length = 0;
    const [sent] = await load.send(eventsUrl, SIGNING_SECRET, [ev.body], 0);
    await waitReply(ev.channel, threadTs, replyIndex + 1);
    // The fake stores the message first and logs the call once its latency has passed.
    const posted = () => fakeNetwork.timeline.filter((t) => t.service === 'slack' && t.path.endsWith('chat.postMessage') && t.start >= sent!.sentAt).at(-1);
    while (!posted()) await new Promise((r) => setTimeout(r, 5));
    const reply = posted()!;
    const window = fakeNetwork.timeline.filter((t) => t.start >= sent!.sentAt && t.end <= reply.end && !t.path.includes('reactions.'));
    const m = measured[name];
    m.e2e.push(reply.end - sent!.sentAt);
    m.floor.push(unionLength(window));
    m.claude.push(window.filter((t) => t.service === 'claude').length);
    m.notion.push(window.filter((t) => t.service === 'notion').length);
    m.google.push(window.filter((t) => t.service === 'google' && !t.path.endsWith('/token')).length);
    m.schemaCalls += window.filter((t) => t.service === 'notion' && /\/v1\/(data_sources|databases)\/[^/]+$/.test(t.path)).length;
  }
  for (let i = 0; i < plan.runs; i++) {
    const list = mentionBody('내 이번 주 태스크 보여줘');
    await timed('list_tasks', list, list.ts, 0);
    const done = mentionBody('이거 완료 처리해줘', { thread_ts: list.ts });
    await timed('mark_done', done, list.ts, 1);
    const meeting = mentionBody('내일 수진님이랑 30분 미팅 잡아줘');
    await timed('schedule_meeting', meeting, meeting.ts, 0);
  }
  const followUps = claude.requests.slice(cacheFrom).filter((r) => r.body.messages.length > 1 && r.response);
  const usage = followUps.map((r) => r.response!.usage);
  const cacheRead = usage.reduce((s, u) => s + (u.cache_read_input_tokens ?? 0), 0);
  const allInput = usage.reduce((s, u) => s + u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0), 0);
  fakeNetwork.record = false;

  progress(`burst: ${plan.burstRate}/s for ${plan.burstSeconds} s`);
  // ---- Burst: 50 events/s while Claude takes its full latency; ack and first feedback.
  const burst = Array.from({ length: plan.burstSeconds * plan.burstRate }, () => mentionBody('안녕', { channel: 'C0BURST' }));
  let peak = 0;
  const sampler = setInterval(() => void stack.paimy.rssMb().then((mb) => (peak = Math.max(peak, mb))), 250);
  const acks = await load.send(eventsUrl, SIGNING_SECRET, burst.map((b) => b.body), plan.burstRate);
  progress(`burst sent; waiting for ${burst.length} replies`);
  await slack.waitFor((s) => s.messagesIn('C0BURST').length >= burst.length, 180_000);
  const reactionAt = new Map(slack.calls.filter((c) => c.method === 'reactions.add').map((c) => [String(c.args.timestamp), c.at]));
  const feedback = burst.map((b, i) => (reactionAt.get(b.ts) ?? Number.NaN) - acks[i]!.sentAt).filter(Number.isFinite);

  progress(`${plan.concurrent} concurrent requests, Notion at 3/s`);
  // ---- 100 concurrent requests against a Notion that enforces 3 requests/s.
  notion.rateLimitPerSecond(3);
  const crowd = Array.from({ length: plan.concurrent }, () => mentionBody('내 이번 주 태스크 보여줘', { channel: 'C0CROWD' }));
  await load.send(eventsUrl, SIGNING_SECRET, crowd.map((c) => c.body), 0);
  await slack.waitFor((s) => s.messagesIn('C0CROWD').length >= crowd.length, 300_000);
  const crowdFailures = slack.messagesIn('C0CROWD').filter((m) => m.text.includes('죄송해요')).length;
  const notion429 = notion.calls.filter((c) => c.fault && 'status' in c.fault && c.fault.status === 429).length;
  notion.rateLimitPerSecond(null);

  // "Flat across 10,000 events" is judged against the RSS right before them, once every store
  // table and heap has been used (idle is before any event at all).
  await new Promise((r) => setTimeout(r, plan.settleMs));
  const rssBeforeSoak = await stack.paimy.rssMb();
  progress(`soak: ${plan.soakEvents} events at ${plan.soakRate}/s`);
  // ---- Soak: many short events; memory after them.
  fakeNetwork.latencyMs.set('claude', 50);
  const soak = Array.from({ length: plan.soakEvents }, () => mentionBody('안녕', { channel: 'C0SOAK' }));
  const soakAcks = await load.send(eventsUrl, SIGNING_SECRET, soak.map((s) => s.body), plan.soakRate);
  progress(`soak sent (${soakAcks.filter((a) => a.status !== 200).length} not acknowledged); waiting for replies`);
  const soakDone = await slack.waitFor((s) => s.messagesIn('C0SOAK').length >= soak.length, 300_000).then(() => true, () => false);
  const soakAnswered = slack.messagesIn('C0SOAK').length;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, plan.settleMs));
  const rssAfter = await stack.paimy.rssMb();

  const ackMs = acks.filter((a) => a.status === 200).map((a) => a.ackMs);
  const overhead = (s: Scenario) => round(percentile(measured[s].e2e.map((e, i) => e / measured[s].floor[i]! - 1), 50), 4);
  const results = {
    machine: { cores: (await import('node:os')).cpus().length, node: process.version, quick, store: args.includes('--database-url') ? 'postgres' : 'pglite' },
    latencies_ms: latency,
    ack_failures: acks.filter((a) => a.status !== 200).length,
    ack_ms: { p50: round(percentile(ackMs, 50), 2), p99: round(percentile(ackMs, 99), 2), p999: round(percentile(ackMs, 99.9), 2) },
    first_feedback_ms: { p50: round(percentile(feedback, 50)), p95: round(percentile(feedback, 95)) },
    end_to_end_ms: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, round(percentile(v.e2e, 50))])),
    floor_ms: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, round(percentile(v.floor, 50))])),
    overhead_ratio: { list_tasks: overhead('list_tasks'), mark_done: overhead('mark_done'), schedule_meeting: overhead('schedule_meeting') },
    claude_calls: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, percentile(v.claude, 50)])),
    notion_calls: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, percentile(v.notion, 50)])),
    google_calls: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, percentile(v.google, 50)])),
    notion_schema_calls_per_request: Object.values(measured).reduce((s, v) => s + v.schemaCalls, 0),
    input_tokens_per_call: round(allInput / Math.max(1, usage.length)),
    cache_read_share: round(cacheRead / Math.max(1, allInput), 3),
    notion_429_seen: notion429,
    notion_429_user_failures: crowdFailures,
    rss_mb: { idle: round(rssIdle), peak: round(Math.max(peak, rssAfter)), before_soak: round(rssBeforeSoak), after_10k: round(rssAfter) },
    events: { burst: burst.length, concurrent: crowd.length, soak: soak.length, soak_answered: soakAnswered, soak_complete: soakDone },
  };
  await mkdir('bench/results', { recursive: true });
  // latest.json is the budget (embedded store); a PostgreSQL run is a comparison beside it.
  const out = results.machine.store === 'postgres' ? 'bench/results/postgres.json' : 'bench/results/latest.json';
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${out}`);
  printTable(results);
}

function printTable(r: Record<string, unknown>) {
  const rows: [string, string, string][] = [];
  const flat = (prefix: string, v: unknown) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) flat(prefix ? `${prefix}.${k}` : k, x);
    else rows.push([prefix, String(v), TARGETS[prefix] ?? '']);
  };
  flat('', r);
  const w = Math.max(...rows.map((x) => x[0].length));
  for (const [k, v, t] of rows) process.stdout.write(`${k.padEnd(w)}  ${v.padStart(10)}  ${t}\n`);
}

const TARGETS: Record<string, string> = {
  'ack_ms.p99': 'target < 50',
  'first_feedback_ms.p50': 'target < 300',
  'overhead_ratio.list_tasks': 'target < 0.05',
  'overhead_ratio.mark_done': 'target < 0.05',
  'overhead_ratio.schedule_meeting': 'target < 0.05',
  'claude_calls.list_tasks': 'target 2 (1 + one round of tools)',
  'claude_calls.mark_done': 'target 2',
  'claude_calls.schedule_meeting': 'target 3',
  cache_read_share: 'target ≥ 0.8',
  notion_schema_calls_per_request: 'target 0',
  notion_429_user_failures: 'target 0',
  'rss_mb.idle': 'target < 150',
  'rss_mb.peak': 'target < 300',
  'rss_mb.after_10k': 'target flat (≈ before_soak)',
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
