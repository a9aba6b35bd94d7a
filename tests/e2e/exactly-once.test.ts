/**
 * Issue #4: a process that dies mid-answer leaves a claim; another finishes it after the lease,
 * replaying what was journaled and never repeating a side effect, even one whose response was
 * lost after it happened.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarEventId } from '../../src/confirmations/calendar-actions';
import { claimKeys } from '../../src/conversation/respond';
import { text } from '../fakes';
import { toolResultJson } from '../support/claude-requests';
import { type Harness, nextTs, startHarness } from '../support/harness';
import { MINJI, SUJIN, seedTeam } from '../support/team';

function toolUseMessage(id: string, name: string, input: unknown): Anthropic.Message {
  return {
    id: 'msg_dead_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [{ type: 'tool_use', id, name, input } as Anthropic.ToolUseBlock],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } as Anthropic.Usage,
  } as Anthropic.Message;
}

describe('exactly once under crashes', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('finishes an event whose process died after creating the calendar event, without a second one', async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+09:00', googleUsers: [MINJI.email, SUJIN.email], env: { PAIMY_SWEEP_INTERVAL_MS: '200' } });
    seedTeam(h);

    // What the dead process left: a claim with a short lease, the message, Claude's first answer,
    // and the event it created on Google — but not the tool's result (lost with the process).
    const ts = nextTs();
    const message = { eventId: 'EvDEAD', channel: 'D0MINJI', userId: MINJI.slack, text: '내일 10시 집중 시간 잡아줘', ts };
    const input = { summary: '집중 시간', start_time: '2026-11-24T10:00:00', end_time: '2026-11-24T12:00:00' };
    expect((await h.store.claimEvent('EvDEAD', claimKeys(message), 'dead-process', 500)).outcome).toBe('claimed');
    await h.store.journalPut('EvDEAD', 'message', { v: message });
    await h.store.journalPut('EvDEAD', 'claude:1', { v: toolUseMessage('toolu_dead1', 'create_calendar_event', input) });
    h.google!.addEvent(MINJI.email, {
      id: calendarEventId('EvDEAD:toolu_dead1'),
      summary: '집중 시간',
      start: { dateTime: '2026-11-24T10:00:00+09:00', timeZone: 'Asia/Seoul' },
      end: { dateTime: '2026-11-24T12:00:00+09:00', timeZone: 'Asia/Seoul' },
    });

    h.claude.script(text('내일 오전 10시에 집중 시간을 잡았어요.'));
    await h.slack.waitFor((s) => s.messagesIn('D0MINJI', ts).length > 0, 10_000);
    await h.settle();

    expect(h.google!.events(MINJI.email)).toHaveLength(1);
    expect(h.claude.requests).toHaveLength(1); // Claude's first answer was replayed, not asked again
    expect(toolResultJson(h.claude.requests[0]!.body)).toMatchObject({ status: 'created', result: { already: true } });
    expect(h.slack.messagesIn('D0MINJI', ts).map((m) => m.text)).toEqual(['내일 오전 10시에 집중 시간을 잡았어요.']);
    expect(await h.store.expiredEventClaims(10)).toEqual([]);
  });
});
