// Rough token accounting with prompt-caching simulation for the Anthropic fake.
// Tokens ≈ ceil(chars/4) of each block's JSON. The prompt is linearised in the
// API's cache order (tools → system → messages); every block carrying
// `cache_control` is a breakpoint whose prefix is remembered. On a later
// request the longest remembered prefix (at any block boundary up to the last
// breakpoint) is a cache read, the rest up to the last breakpoint a cache
// write, and everything after it plain input.
import { createHash } from 'node:crypto';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const estimateTokens = (value: unknown): number => {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return Math.ceil(s.length / 4);
};

interface Segment {
  json: string;
  breakpoint: boolean;
}

function stripCacheControl(block: unknown): unknown {
  if (!isObj(block)) return block;
  const { cache_control: _ignored, ...rest } = block;
  return rest;
}

function segmentsOf(body: Obj): Segment[] {
  const segs: Segment[] = [];
  const push = (block: unknown, prefix = ''): void => {
    segs.push({ json: prefix + JSON.stringify(stripCacheControl(block)), breakpoint: isObj(block) && block.cache_control != null });
  };
  if (Array.isArray(body.tools)) body.tools.forEach((t) => push(t));
  if (typeof body.system === 'string') push(body.system);
  else if (Array.isArray(body.system)) body.system.forEach((b) => push(b));
  if (Array.isArray(body.messages)) {
    for (const m of body.messages) {
      if (!isObj(m)) continue;
      const role = String(m.role);
      if (typeof m.content === 'string') push(m.content, `${role}:`);
      else if (Array.isArray(m.content)) m.content.forEach((b) => push(b, `${role}:`));
    }
  }
  return segs;
}

export interface PromptUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export class PromptCache {
  private readonly seen = new Set<string>();
  /** Prefixes shorter than this are never cached (the real API's minimum is 1024+ tokens). */
  minCacheableTokens = 0;

  clear(): void {
    this.seen.clear();
  }

  account(body: Obj): PromptUsage {
    const hash = createHash('sha256').update(String(body.model));
    let tokens = 0;
    // Every block boundary is a candidate cache hit (the API looks back from each breakpoint);
    // only prefixes ending at a cache_control block are written.
    const prefixes: Array<{ digest: string; tokens: number; breakpoint: boolean }> = [];
    for (const seg of segmentsOf(body)) {
      hash.update(seg.json).update('\u0000');
      tokens += estimateTokens(seg.json);
      prefixes.push({ digest: hash.copy().digest('hex'), tokens, breakpoint: seg.breakpoint && tokens >= this.minCacheableTokens });
    }
    const lastIndex = prefixes.findLastIndex((p) => p.breakpoint);
    const last = prefixes[lastIndex];
    if (!last) return { input_tokens: tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const hit = prefixes.slice(0, lastIndex + 1).findLast((p) => this.seen.has(p.digest));
    for (const p of prefixes) if (p.breakpoint) this.seen.add(p.digest);
    const read = hit?.tokens ?? 0;
    return {
      input_tokens: tokens - last.tokens,
      cache_creation_input_tokens: last.tokens - read,
      cache_read_input_tokens: read,
    };
  }
}
