// Fake Anthropic Messages API (POST /v1/messages, non-streaming) with scripted
// replies: `new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 })`.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ContentBlock, Message, MessageCreateParamsNonStreaming, StopReason } from '@anthropic-ai/sdk/resources/messages';
import { sleep, startHttpServer, type FakeResponse } from './http-server';
import { estimateTokens, PromptCache } from './anthropic-usage';
import { validateMessagesRequest } from './anthropic-validate';

export type MessagesRequestBody = MessageCreateParamsNonStreaming;

export type AnthropicErrorType = 'overloaded_error' | 'rate_limit_error' | 'api_error' | 'invalid_request_error';

export type Step =
  | { text: string; stopReason?: StopReason }
  | { toolUses: Array<{ name: string; input: unknown; id?: string }>; text?: string }
  | { error: AnthropicErrorType; status?: number; message?: string; retryAfterSeconds?: number }
  | { raw: Message };

/** A scripted reply, or a function deciding the reply from the request. */
export type ScriptEntry = Step | ((request: MessagesRequestBody) => Step | Promise<Step>);

export interface RecordedRequest {
  body: MessagesRequestBody;
  headers: IncomingHttpHeaders;
  /** HTTP status the fake answered with. */
  status: number;
  /** The Message returned (undefined for error replies). */
  response?: Message;
}

export interface AnthropicFake {
  url: string;
  requests: RecordedRequest[];
  /** Requests that found the script empty (each got a 500 api_error). Assert this stays 0. */
  unscripted: number;
  /** Simulated latency applied to every response. */
  latencyMs: number;
  /** Answers requests when the script is empty (the benchmark's steady load); unset in tests. */
  responder?: ScriptEntry;
  /** Prompt-cache simulation; set `cache.minCacheableTokens` to mimic the API minimum. */
  cache: PromptCache;
  script(...steps: ScriptEntry[]): void;
  /** Scripted steps not yet consumed. */
  remaining(): number;
  lastRequest(): MessagesRequestBody | undefined;
  /** System prompt of request i (negative counts from the end) as text; text blocks joined with '\n'. */
  systemText(i?: number): string;
  reset(): void;
  close(): Promise<void>;
}

export const text = (s: string): Step => ({ text: s });
export const toolUse = (name: string, input: unknown): Step => ({ toolUses: [{ name, input }] });
export const toolUses = (uses: Array<{ name: string; input: unknown; id?: string }>, leadText?: string): Step =>
  leadText === undefined ? { toolUses: uses } : { toolUses: uses, text: leadText };
export const apiError = (type: AnthropicErrorType, message?: string): Step =>
  message === undefined ? { error: type } : { error: type, message };

const ERROR_STATUS: Record<AnthropicErrorType, number> = {
  overloaded_error: 529,
  rate_limit_error: 429,
  api_error: 500,
  invalid_request_error: 400,
};
const ERROR_MESSAGE: Record<AnthropicErrorType, string> = {
  overloaded_error: 'Overloaded',
  rate_limit_error: 'This request would exceed the rate limit for your organization. Please try again later.',
  api_error: 'Internal server error',
  invalid_request_error: 'Invalid request',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const randomId = (prefix: string): string =>
  prefix + [...randomBytes(22)].map((b) => BASE62[b % 62] ?? '0').join('');

function errorReply(type: string, message: string, status: number, retryAfter?: number): FakeResponse {
  const requestId = randomId('req_011');
  return {
    status,
    headers: { 'request-id': requestId, ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) },
    body: { type: 'error', error: { type, message }, request_id: requestId },
  };
}

function buildMessage(body: MessagesRequestBody, step: Exclude<Step, { error: unknown } | { raw: unknown }>, cache: PromptCache): Message {
  const content: ContentBlock[] = [];
  let stopReason: StopReason;
  if ('toolUses' in step) {
    if (step.text) content.push({ type: 'text', text: step.text, citations: null });
    for (const use of step.toolUses) {
      content.push({ type: 'tool_use', id: use.id ?? randomId('toolu_01'), name: use.name, input: use.input, caller: { type: 'direct' } });
    }
    stopReason = 'tool_use';
  } else {
    content.push({ type: 'text', text: step.text, citations: null });
    stopReason = step.stopReason ?? 'end_turn';
  }
  const prompt = cache.account(body as unknown as Record<string, unknown>);
  return {
    id: randomId('msg_01'),
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: {
      ...prompt,
      output_tokens: Math.max(1, content.reduce((n, b) => n + estimateTokens(b.type === 'text' ? b.text : b), 0)),
      cache_creation: { ephemeral_5m_input_tokens: prompt.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      output_tokens_details: null,
      speed: null,
    },
  };
}

export async function startAnthropicFake(): Promise<AnthropicFake> {
  let queue: ScriptEntry[] = [];

  const answer = async (body: MessagesRequestBody): Promise<{ reply: FakeResponse; message?: Message }> => {
    const entry = queue.shift() ?? fake.responder;
    if (entry === undefined) {
      fake.unscripted += 1;
      return { reply: errorReply('api_error', 'anthropic fake: no scripted response left', 500) };
    }
    const step = typeof entry === 'function' ? await entry(body) : entry;
    if ('error' in step) {
      const status = step.status ?? ERROR_STATUS[step.error];
      const retryAfter = step.error === 'rate_limit_error' ? (step.retryAfterSeconds ?? 1) : step.retryAfterSeconds;
      return { reply: errorReply(step.error, step.message ?? ERROR_MESSAGE[step.error], status, retryAfter) };
    }
    const message = 'raw' in step ? step.raw : buildMessage(body, step, fake.cache);
    return { reply: { status: 200, headers: { 'request-id': randomId('req_011') }, body: message }, message };
  };

  const server = await startHttpServer(async (req) => {
    let reply: FakeResponse;
    if (req.method !== 'POST' || req.path !== '/v1/messages') {
      reply = { status: 404, body: { type: 'error', error: { type: 'not_found_error', message: 'Not found' } } };
    } else if (!req.headers['x-api-key'] && !/^Bearer /.test(String(req.headers.authorization ?? ''))) {
      reply = errorReply('authentication_error', 'x-api-key header is required', 401);
    } else {
      const body = req.json as MessagesRequestBody;
      const record: RecordedRequest = { body, headers: req.headers, status: 0 };
      fake.requests.push(record);
      const invalid = validateMessagesRequest(req.json);
      if (invalid !== undefined) {
        reply = errorReply('invalid_request_error', invalid, 400);
      } else {
        const result = await answer(body);
        reply = result.reply;
        if (result.message) record.response = result.message;
      }
      record.status = reply.status;
    }
    if (fake.latencyMs > 0) await sleep(fake.latencyMs);
    return reply;
  }, 'claude');

  const fake: AnthropicFake = {
    url: server.url,
    requests: [],
    unscripted: 0,
    latencyMs: 0,
    cache: new PromptCache(),
    script: (...steps) => {
      queue.push(...steps);
    },
    remaining: () => queue.length,
    lastRequest: () => fake.requests.at(-1)?.body,
    systemText: (i = -1) => {
      const system = fake.requests.at(i)?.body.system;
      if (system === undefined) return '';
      return typeof system === 'string' ? system : system.map((b) => b.text).join('\n');
    },
    reset: () => {
      queue = [];
      fake.requests.length = 0;
      fake.unscripted = 0;
      fake.latencyMs = 0;
      fake.cache.clear();
    },
    close: () => server.close(),
  };
  return fake;
}
