// Approximates Slack's Block Kit validation so tests catch messages that the
// real API would reject with `invalid_blocks`. Error strings mimic Slack's
// format: "<problem> [json-pointer:/blocks/0/text/text]".

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkText(errors: string[], value: unknown, pointer: string, max: number): void {
  if (!isObj(value) || typeof value.text !== 'string' || (value.type !== 'mrkdwn' && value.type !== 'plain_text')) {
    errors.push(`must provide a text object [json-pointer:${pointer}]`);
    return;
  }
  if (value.text.length === 0) errors.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  if (value.text.length > max) errors.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
}

function checkBlock(errors: string[], block: unknown, pointer: string, seenIds: Set<string>): void {
  if (!isObj(block) || typeof block.type !== 'string') {
    errors.push(`missing required field: type [json-pointer:${pointer}]`);
    return;
  }
  if (typeof block.block_id === 'string') {
    if (block.block_id.length > 255) errors.push(`must be less than 256 characters [json-pointer:${pointer}/block_id]`);
    if (seenIds.has(block.block_id)) errors.push(`duplicate block_id [json-pointer:${pointer}/block_id]`);
    seenIds.add(block.block_id);
  }
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        errors.push(`must provide either text or fields [json-pointer:${pointer}]`);
      }
      if (block.text !== undefined) checkText(errors, block.text, `${pointer}/text`, 3000);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) {
          errors.push(`must be an array of at most 10 items [json-pointer:${pointer}/fields]`);
        } else {
          block.fields.forEach((f, i) => checkText(errors, f, `${pointer}/fields/${i}`, 2000));
        }
      }
      break;
    }
    case 'header':
      checkText(errors, block.text, `${pointer}/text`, 150);
      break;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) {
        errors.push(`must provide between 1 and 10 elements [json-pointer:${pointer}/elements]`);
      }
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) {
        errors.push(`must provide between 1 and 25 elements [json-pointer:${pointer}/elements]`);
      }
      break;
    default:
      break;
  }
}

/** Returns Slack-style error strings; empty array means the blocks are acceptable. */
export function validateBlocks(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['must be an array [json-pointer:/blocks]'];
  const errors: string[] = [];
  if (blocks.length > 50) errors.push('must be less than 51 items [json-pointer:/blocks]');
  const seenIds = new Set<string>();
  blocks.forEach((b, i) => checkBlock(errors, b, `/blocks/${i}`, seenIds));
  return errors;
}
