/**
 * Block Kit for Paimy's answers: Claude's Markdown in a `markdown` block (Slack renders standard
 * Markdown there), then the listed tasks, each with a `paimy_task_done` button.
 * Source: https://api.slack.com/reference/block-kit/blocks#markdown
 */
import type { KnownBlock } from '@slack/types';
import slackify from 'slackify-markdown';
import type { Task } from '../adapters/notion';
import { type TeamTime, formatKorean, toTeamIso } from '../time';
import { defuseMentions } from './safe-text';

export const TASK_DONE_ACTION = 'paimy_task_done';
/** Slack's limit for the cumulative text of markdown blocks in one message. */
const MARKDOWN_LIMIT = 12_000;
/** Slack truncates `text` beyond 40,000; notifications show far less. */
const FALLBACK_LIMIT = 3_000;
const MAX_TASK_ROWS = 20;

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A whole answer: Markdown text plus, when a list was shown, one row per task. */
export function answerMessage(markdown: string, tasks: Task[], time: TeamTime): SlackMessage {
  const safe = defuseMentions(markdown);
  const body = safe.length > MARKDOWN_LIMIT ? `${safe.slice(0, MARKDOWN_LIMIT - 1)}…` : safe;
  const blocks: KnownBlock[] = [{ type: 'markdown', text: body } as KnownBlock];
  const rows = tasks.slice(0, MAX_TASK_ROWS);
  if (rows.length > 0) blocks.push({ type: 'divider' }, ...rows.map((t) => taskRow(t, time)));
  if (tasks.length > rows.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `외 ${tasks.length - rows.length}개` }] });
  }
  return { text: fallbackText(body), blocks };
}

/** Plain notice (errors, identity problems): one section, same text as fallback. */
export function noticeMessage(text: string): SlackMessage {
  const safe = defuseMentions(text);
  return { text: safe, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: safe } }] };
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One task: linked title, due date in Korean words, state, priority; a 완료 button unless Done. */
export function taskRow(task: Task, time: TeamTime): KnownBlock {
  const title = defuseMentions(escapeMrkdwn(task.title || '(제목 없음)'));
  const facts = [
    task.due ? `마감 ${formatKorean(toTeamIso(task.due, time), time)}` : '마감일 없음',
    task.statusName ?? '상태 없음',
    task.priority,
  ].filter(Boolean);
  const text = `*<${task.url}|${title}>*\n${facts.join(' · ')}`;
  if (task.status === 'Done') {
    return { type: 'section', block_id: `task:${task.id}`, text: { type: 'mrkdwn', text: `✅ ${text}` } };
  }
  return {
    type: 'section',
    block_id: `task:${task.id}`,
    text: { type: 'mrkdwn', text },
    accessory: {
      type: 'button',
      action_id: TASK_DONE_ACTION,
      value: task.id,
      text: { type: 'plain_text', text: '완료', emoji: true },
      style: 'primary',
    },
  };
}

function fallbackText(markdown: string): string {
  const text = slackify(markdown).trim();
  return text.length > FALLBACK_LIMIT ? `${text.slice(0, FALLBACK_LIMIT - 1)}…` : text;
}
