// Fake Slack Web API (https://slack.com/api/<method>) for pointing a real
// WebClient / Bolt App at: `new WebClient(token, { slackApiUrl: fake.apiUrl })`.
import { pollUntil, startHttpServer, type FakeRequest, type FakeResponse } from './http-server';
import { validateBlocks } from './slack-blocks';
import {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  BOT_USER_SEED,
  TEAM_ID,
  slackUserObject,
  type SlackUserSeed,
} from './slack-users';

export { APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID, type SlackUserSeed } from './slack-users';

export interface SlackCall {
  method: string;
  /** Request arguments; JSON-in-form fields (blocks, attachments, metadata…) are parsed back to objects. */
  args: Record<string, unknown>;
  token?: string;
  /** Set when failNext() made this call fail. */
  fault?: SlackFault;
  /** When the call arrived (ms since epoch). */
  at: number;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  /** Set for chat.postEphemeral messages: the user who sees it. */
  ephemeralUser?: string;
  /** Author; BOT_USER_ID for messages posted through the API. */
  user: string;
  updatedCount: number;
}

export interface SlackReaction {
  channel: string;
  timestamp: string;
  name: string;
}

export interface SlackAssistantStatus {
  channel_id: string;
  thread_ts: string;
  status: string;
}

export type SlackFault = { error: string } | { status: 429; retryAfterSeconds: number } | { status: 500 };

export interface SlackFakeOptions {
  users?: SlackUserSeed[];
  /** If set, any other token gets `invalid_auth`. A missing token always gets `not_authed`. */
  validTokens?: string[];
}

export interface SlackFake {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/api/` — pass as WebClient/Bolt `slackApiUrl`. */
  apiUrl: string;
  calls: SlackCall[];
  messages: SlackMessage[];
  reactions: SlackReaction[];
  statuses: SlackAssistantStatus[];
  addUser(user: SlackUserSeed): void;
  /** Seed a message as if a human posted it (for conversations.replies / history). Returns its ts. */
  addMessage(msg: { channel: string; text: string; user: string; thread_ts?: string; ts?: string }): string;
  /** Messages in `channel` (incl. ephemeral); with `thread_ts`, only replies in that thread (parent excluded). */
  messagesIn(channel: string, thread_ts?: string): SlackMessage[];
  callsOf(method: string): SlackCall[];
  failNext(method: string, fault: SlackFault): void;
  waitFor(predicate: (fake: SlackFake) => boolean, timeoutMs?: number): Promise<void>;
  /** Clears calls, messages, reactions, statuses, queued faults; users go back to the bot + opts.users. */
  reset(): void;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Result = { ok: true; [k: string]: unknown } | { ok: false; error: string; [k: string]: unknown };

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'user_auth_blocks', 'view', 'prompts', 'users']);

function parseArgs(req: FakeRequest): Args {
  const args: Args = {};
  const source = req.form ?? (req.method === 'GET' ? req.query : undefined);
  if (source) {
    for (const [k, v] of source) {
      if (JSON_FIELDS.has(k) && (v.startsWith('[') || v.startsWith('{'))) {
        try {
          args[k] = JSON.parse(v) as unknown;
          continue;
        } catch {
          /* keep the raw string */
        }
      }
      args[k] = v;
    }
  } else if (typeof req.json === 'object' && req.json !== null) {
    Object.assign(args, req.json);
  }
  return args;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const encodeCursor = (i: number): string => Buffer.from(`next:${i}`).toString('base64');
const decodeCursor = (c: string | undefined): number =>
  c ? Number(/^next:(\d+)$/.exec(Buffer.from(c, 'base64').toString())?.[1] ?? 0) : 0;

export async function startSlackFake(opts: SlackFakeOptions = {}): Promise<SlackFake> {
  const users = new Map<string, SlackUserSeed>();
  const faults = new Map<string, SlackFault[]>();
  let tsCounter = 0;
  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    return `${1700000000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };

  const seedUsers = (): void => {
    users.clear();
    for (const u of [BOT_USER_SEED, ...(opts.users ?? [])]) users.set(u.id, u);
  };
  seedUsers();

  const findMessage = (channel: unknown, ts: unknown): SlackMessage | undefined =>
    fake.messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeralUser === undefined);

  const wireMessage = (m: SlackMessage): Record<string, unknown> => {
    const replies = fake.messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts);
    return {
      type: 'message',
      user: m.user,
      ...(m.user === BOT_USER_ID
        ? { bot_id: BOT_ID, app_id: APP_ID, bot_profile: { id: BOT_ID, app_id: APP_ID, name: 'Paimy', team_id: TEAM_ID } }
        : {}),
      text: m.text,
      ts: m.ts,
      team: TEAM_ID,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(replies.length > 0 ? { thread_ts: m.ts, reply_count: replies.length, latest_reply: replies.at(-1)?.ts } : {}),
      ...(m.updatedCount > 0 ? { edited: { user: m.user, ts: m.ts } } : {}),
    };
  };

  /** Shared validation for postMessage/postEphemeral/update content. */
  const contentError = (args: Args, requireContent: boolean): Result | undefined => {
    if (requireContent && str(args.text) === undefined && args.blocks === undefined && args.attachments === undefined) {
      return { ok: false, error: 'no_text' };
    }
    if ((str(args.text) ?? '').length > 40000) return { ok: false, error: 'msg_too_long' };
    if (args.blocks !== undefined) {
      const errors = validateBlocks(args.blocks);
      if (errors.length > 0) {
        return { ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
      }
    }
    return undefined;
  };

  const userResult = (seed: SlackUserSeed | undefined, error: string): Result =>
    seed ? { ok: true, user: slackUserObject(seed) } : { ok: false, error };

  const methods: Record<string, (args: Args) => Result> = {
    'api.test': (args) => ({ ok: true, args }),
    'auth.test': () => ({
      ok: true,
      url: 'https://paimy-test.slack.com/',
      team: 'Paimy Test',
      user: 'paimy',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),
    'users.info': (args) => userResult(users.get(str(args.user) ?? ''), 'user_not_found'),
    'users.lookupByEmail': (args) => {
      const email = (str(args.email) ?? '').toLowerCase();
      return userResult([...users.values()].find((u) => u.email?.toLowerCase() === email), 'users_not_found');
    },
    'users.list': (args) => {
      const all = [...users.values()];
      const start = decodeCursor(str(args.cursor));
      const limit = Number(args.limit) > 0 ? Number(args.limit) : all.length;
      const end = start + limit;
      return {
        ok: true,
        members: all.slice(start, end).map(slackUserObject),
        cache_ts: 1700000000,
        response_metadata: { next_cursor: end < all.length ? encodeCursor(end) : '' },
      };
    },
    'chat.postMessage': (args) => {
      const channel = str(args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      const err = contentError(args, true);
      if (err) return err;
      const threadTs = str(args.thread_ts);
      const msg: SlackMessage = {
        channel,
        ts: nextTs(),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: str(args.text) ?? '',
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks as unknown[] } : {}),
        user: BOT_USER_ID,
        updatedCount: 0,
      };
      fake.messages.push(msg);
      return { ok: true, channel, ts: msg.ts, message: wireMessage(msg) };
    },
    'chat.update': (args) => {
      const msg = findMessage(args.channel, str(args.ts));
      if (!msg) return { ok: false, error: 'message_not_found' };
      const err = contentError(args, false);
      if (err) return err;
      // Per Slack docs: omitted blocks are kept only when text is also omitted.
      if (Array.isArray(args.blocks)) msg.blocks = args.blocks as unknown[];
      else if (str(args.text) !== undefined) delete msg.blocks;
      if (str(args.text) !== undefined) msg.text = str(args.text) ?? '';
      msg.updatedCount += 1;
      return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text, message: wireMessage(msg) };
    },
    'chat.postEphemeral': (args) => {
      const channel = str(args.channel);
      const user = str(args.user);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!user) return { ok: false, error: 'user_not_found' };
      const err = contentError(args, true);
      if (err) return err;
      const threadTs = str(args.thread_ts);
      const msg: SlackMessage = {
        channel,
        ts: nextTs(),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: str(args.text) ?? '',
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks as unknown[] } : {}),
        ephemeralUser: user,
        user: BOT_USER_ID,
        updatedCount: 0,
      };
      fake.messages.push(msg);
      return { ok: true, message_ts: msg.ts };
    },
    'chat.delete': (args) => {
      const msg = findMessage(args.channel, str(args.ts));
      if (!msg) return { ok: false, error: 'message_not_found' };
      fake.messages.splice(fake.messages.indexOf(msg), 1);
      return { ok: true, channel: msg.channel, ts: msg.ts };
    },
    'chat.getPermalink': (args) => {
      const channel = str(args.channel) ?? '';
      const ts = str(args.message_ts) ?? '';
      return { ok: true, channel, permalink: `https://paimy-test.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
    },
    'reactions.add': (args) => {
      const r = { channel: str(args.channel) ?? '', timestamp: str(args.timestamp) ?? '', name: str(args.name) ?? '' };
      if (fake.reactions.some((x) => x.channel === r.channel && x.timestamp === r.timestamp && x.name === r.name)) {
        return { ok: false, error: 'already_reacted' };
      }
      fake.reactions.push(r);
      return { ok: true };
    },
    'reactions.remove': (args) => {
      const i = fake.reactions.findIndex(
        (x) => x.channel === args.channel && x.timestamp === str(args.timestamp) && x.name === args.name,
      );
      if (i < 0) return { ok: false, error: 'no_reaction' };
      fake.reactions.splice(i, 1);
      return { ok: true };
    },
    'assistant.threads.setStatus': (args) => {
      fake.statuses.push({
        channel_id: str(args.channel_id) ?? '',
        thread_ts: str(args.thread_ts) ?? '',
        status: str(args.status) ?? '',
      });
      return { ok: true };
    },
    'assistant.threads.setTitle': () => ({ ok: true }),
    'assistant.threads.setSuggestedPrompts': () => ({ ok: true }),
    'conversations.replies': (args) => {
      const ts = str(args.ts);
      const thread = fake.messages
        .filter((m) => m.channel === args.channel && m.ephemeralUser === undefined && (m.ts === ts || m.thread_ts === ts))
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
      return { ok: true, messages: thread.map(wireMessage), has_more: false, response_metadata: { next_cursor: '' } };
    },
    'conversations.history': (args) => {
      const top = fake.messages
        .filter((m) => m.channel === args.channel && m.ephemeralUser === undefined && (!m.thread_ts || m.thread_ts === m.ts))
        .sort((a, b) => Number(b.ts) - Number(a.ts));
      return { ok: true, messages: top.map(wireMessage), has_more: false, response_metadata: { next_cursor: '' } };
    },
    'conversations.open': (args) => {
      const ids = Array.isArray(args.users) ? args.users.map(String) : (str(args.users) ?? '').split(',').filter(Boolean);
      const [first] = ids;
      if (!first) return { ok: false, error: 'users_list_not_supplied' };
      if (!users.has(first)) return { ok: false, error: 'user_not_found' };
      return { ok: true, channel: { id: `D${first.slice(1)}` } };
    },
    'conversations.info': (args) => {
      const id = str(args.channel) ?? '';
      const isIm = id.startsWith('D');
      return { ok: true, channel: { id, name: isIm ? undefined : id.toLowerCase(), is_channel: !isIm, is_im: isIm, is_member: true } };
    },
  };

  const respond = (result: Result): FakeResponse => ({ status: 200, body: result });

  const server = await startHttpServer(async (req) => {
    if (!req.path.startsWith('/api/')) return { status: 404, body: 'not found' };
    const method = req.path.slice('/api/'.length);
    const args = parseArgs(req);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? str(args.token);
    delete args.token;
    const call: SlackCall = { method, args, at: Date.now(), ...(token !== undefined ? { token } : {}) };
    fake.calls.push(call);

    const fault = faults.get(method)?.shift();
    if (fault) {
      call.fault = fault;
      if ('error' in fault) return respond({ ok: false, error: fault.error });
      if (fault.status === 429) {
        return { status: 429, headers: { 'retry-after': String(fault.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
      }
      return { status: fault.status, body: 'Internal Server Error' };
    }
    if (!token) return respond({ ok: false, error: 'not_authed' });
    if (opts.validTokens && !opts.validTokens.includes(token)) return respond({ ok: false, error: 'invalid_auth' });
    const impl = methods[method];
    if (!impl) return respond({ ok: false, error: 'unknown_method' });
    return respond(impl(args));
  }, 'slack');

  const fake: SlackFake = {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    calls: [],
    messages: [],
    reactions: [],
    statuses: [],
    addUser: (user) => {
      users.set(user.id, user);
    },
    addMessage: ({ channel, text, user, thread_ts, ts }) => {
      const msgTs = ts ?? nextTs();
      fake.messages.push({ channel, ts: msgTs, ...(thread_ts ? { thread_ts } : {}), text, user, updatedCount: 0 });
      return msgTs;
    },
    messagesIn: (channel, thread_ts) =>
      fake.messages.filter(
        (m) => m.channel === channel && (thread_ts === undefined || (m.thread_ts === thread_ts && m.ts !== thread_ts)),
      ),
    callsOf: (method) => fake.calls.filter((c) => c.method === method),
    failNext: (method, fault) => {
      const queue = faults.get(method) ?? [];
      queue.push(fault);
      faults.set(method, queue);
    },
    waitFor: (predicate, timeoutMs = 5000) => pollUntil(() => predicate(fake), timeoutMs, 'slack fake predicate'),
    reset: () => {
      fake.calls.length = 0;
      fake.messages.length = 0;
      fake.reactions.length = 0;
      fake.statuses.length = 0;
      faults.clear();
      seedUsers();
    },
    close: () => server.close(),
  };
  return fake;
}
