// Request checks the real Messages API performs (400 invalid_request_error),
// focused on the mistakes an agent loop tends to make.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const blocksOf = (m: Obj): unknown[] => (Array.isArray(m.content) ? m.content : []);
const idsOf = (blocks: unknown[], type: string, key: string): string[] =>
  blocks.filter((b): b is Obj => isObj(b) && b.type === type).map((b) => String(b[key]));

/** Returns an error message for an invalid request body, or undefined if it looks valid. */
export function validateMessagesRequest(body: unknown): string | undefined {
  if (!isObj(body)) return 'request body must be a JSON object';
  if (body.stream === true) return 'anthropic fake: stream: true is not supported, use stream: false';
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';

  let cacheControls = 0;
  const count = (b: unknown): void => {
    if (isObj(b) && b.cache_control != null) cacheControls += 1;
  };
  if (Array.isArray(body.system)) body.system.forEach(count);
  if (Array.isArray(body.tools)) {
    for (const [i, t] of body.tools.entries()) {
      count(t);
      if (!isObj(t)) return `tools.${i}: Input should be an object`;
      if (t.type === undefined || t.type === 'custom') {
        if (typeof t.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.name)) {
          return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
        }
        if (!isObj(t.input_schema) || t.input_schema.type !== 'object') {
          return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
        }
      }
    }
  }

  for (const [i, m] of body.messages.entries()) {
    if (!isObj(m) || (m.role !== 'user' && m.role !== 'assistant')) return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (typeof m.content === 'string') {
      if (m.content === '' && !(m.role === 'assistant' && i === body.messages.length - 1)) {
        return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
      }
      continue;
    }
    if (!Array.isArray(m.content)) return `messages.${i}.content: Input should be a valid list`;
    for (const [j, b] of m.content.entries()) {
      count(b);
      if (isObj(b) && b.type === 'text' && (typeof b.text !== 'string' || b.text.trim() === '')) {
        return `messages.${i}.content.${j}.text: text content blocks must contain non-whitespace text`;
      }
    }
    // tool_use in an assistant turn needs matching tool_result blocks in the very next user turn.
    const prev = i > 0 ? body.messages[i - 1] : undefined;
    const expected = isObj(prev) && prev.role === 'assistant' ? idsOf(blocksOf(prev), 'tool_use', 'id') : [];
    const results = idsOf(m.content, 'tool_result', 'tool_use_id');
    const unexpected = results.filter((id) => !expected.includes(id));
    if (unexpected.length > 0) {
      return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
  }
  for (const [i, m] of body.messages.entries()) {
    if (!isObj(m) || m.role !== 'assistant') continue;
    const uses = idsOf(blocksOf(m), 'tool_use', 'id');
    if (uses.length === 0 || i === body.messages.length - 1) continue;
    const next = body.messages[i + 1];
    const answered = isObj(next) && next.role === 'user' ? idsOf(blocksOf(next), 'tool_result', 'tool_use_id') : [];
    const missing = uses.filter((id) => !answered.includes(id));
    if (missing.length > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  if (cacheControls > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${cacheControls}.`;
  return undefined;
}
