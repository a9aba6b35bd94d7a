/**
 * The Store contract (design.md §7), run identically on every backend: PGlite (`npm test`),
 * direct PostgreSQL and Supabase through a PostgREST fake (`npm run test:postgres`).
 *
 * `open` is called before every test and must hand back an empty, migrated store; `cleanup`
 * runs after it. Leases and TTLs are 1 s (the SQL counts whole seconds), so the waits below
 * are a little over a second; the whole contract takes a few seconds per backend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewPendingAction, PendingAction, Store, ThreadContext, UserMapping } from '../../src/store/store';

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Long enough not to run out during a test. */
const LEASE = 60_000;
/** The shortest lease or TTL the SQL functions keep (whole seconds, at least one). */
const SHORT = 1_000;
/** Waited for a SHORT lease or TTL to run out. */
const PAST_SHORT = 1_250;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function describeStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    let opened: OpenedStore | undefined;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('event claims', () => {
      const keys = (eventId: string, ts = '1700.0001') => [`event:${eventId}`, `message:C1:${ts}`];

      it('hands a twin that takes over the whole earlier claim and its journal id', async () => {
        expect(await store.claimEvent('Ev1', keys('Ev1'), 'A', SHORT)).toEqual({ outcome: 'claimed', eventId: 'Ev1' });
        await store.journalPut('Ev1', 'message', { v: 'hello' });
        await sleep(PAST_SHORT);
        // The message twin arrives after A died: it continues Ev1's journal, and A has lost every key.
        expect(await store.claimEvent('Ev2', keys('Ev2'), 'B', LEASE)).toEqual({ outcome: 'taken_over', eventId: 'Ev1' });
        expect(await store.journalGet('Ev1', 'message')).toEqual({ v: 'hello' });
        expect(await store.renewEventLease('Ev1', 'A', LEASE)).toBe(false);
        expect(await store.renewEventLease('Ev1', 'B', LEASE)).toBe(true);
        expect((await store.claimEvent('Ev1', ['event:Ev1'], 'C', LEASE)).outcome).toBe('duplicate');
        await store.finishEvent('Ev1', 'B');
        expect(await store.expiredEventClaims(10)).toEqual([]);
      });

      it('limits expired claims by event, not by key', async () => {
        for (const id of ['A1', 'A2', 'A3']) await store.claimEvent(id, keys(id, id), 'dead', SHORT);
        await sleep(PAST_SHORT);
        expect(await store.expiredEventClaims(2)).toEqual(['A1', 'A2']);
      });

      it('refuses a claim without keys', async () => {
        await expect(store.claimEvent('Ev1', [], 'A', LEASE)).rejects.toThrow(/at least one key/);
      });

      it('journals plain strings as strings on every backend', async () => {
        expect(await store.journalPut('Ev1', 'reply', '1700.000100')).toBe('1700.000100');
        expect(await store.journalPut('Ev1', 'text', '{"a":1}')).toBe('{"a":1}');
        expect(await store.journalGet('Ev1', 'reply')).toBe('1700.000100');
      });

      it('claims a new event once: a retry while it runs, a retry after it finished and its message twin are duplicates', async () => {
        expect((await store.claimEvent('Ev1', keys('Ev1'), 'A', LEASE)).outcome).toBe('claimed');
        expect((await store.claimEvent('Ev1', keys('Ev1'), 'B', LEASE)).outcome).toBe('duplicate'); // Slack retry, another replica
        expect((await store.claimEvent('Ev1', keys('Ev1'), 'A', LEASE)).outcome).toBe('duplicate'); // even for the same owner
        expect((await store.claimEvent('Ev2', keys('Ev2'), 'B', LEASE)).outcome).toBe('duplicate'); // the `message` twin of the app_mention
        expect(await store.renewEventLease('Ev1', 'A', LEASE)).toBe(true);
        expect(await store.renewEventLease('Ev1', 'B', LEASE)).toBe(false); // B never got it

        await store.finishEvent('Ev1', 'A');
        expect(await store.renewEventLease('Ev1', 'A', LEASE)).toBe(false); // finishing ends the lease
        expect((await store.claimEvent('Ev1', keys('Ev1'), 'B', LEASE)).outcome).toBe('duplicate');
        expect((await store.claimEvent('Ev1', ['event:Ev1'], 'B', LEASE)).outcome).toBe('duplicate');
        expect((await store.claimEvent('Ev2', keys('Ev2'), 'B', LEASE)).outcome).toBe('duplicate');
        expect(await store.expiredEventClaims(10)).toEqual([]);
        // another message in the same channel is another event
        expect((await store.claimEvent('Ev3', keys('Ev3', '1700.0003'), 'B', LEASE)).outcome).toBe('claimed');
      });

      it('leaves nothing behind when it refuses a claim', async () => {
        expect((await store.claimEvent('Ev1', keys('Ev1'), 'A', LEASE)).outcome).toBe('claimed');
        expect((await store.claimEvent('Ev2', keys('Ev2'), 'B', LEASE)).outcome).toBe('duplicate');
        expect(await store.renewEventLease('Ev2', 'B', LEASE)).toBe(false);
        // Ev2's own key was not recorded: claiming it alone is new ('claimed', not 'taken_over' or 'duplicate')
        expect((await store.claimEvent('Ev2', ['event:Ev2'], 'B', LEASE)).outcome).toBe('claimed');
        expect(await store.renewEventLease('Ev2', 'B', LEASE)).toBe(true);
        // and the refused claim did not disturb the one holding the message
        expect(await store.renewEventLease('Ev1', 'A', LEASE)).toBe(true);
        expect((await store.claimEvent('Ev9', keys('Ev9'), 'C', LEASE)).outcome).toBe('duplicate');
      });

      it('gives exactly one of 20 concurrent claims the event: of one message, and of one event', async () => {
        const twins = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.claimEvent(`Ev${i}`, keys(`Ev${i}`, '1700.0009'), `owner${i}`, LEASE)),
        );
        expect(twins.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
        expect(twins.filter((r) => r.outcome === 'duplicate')).toHaveLength(19);
        const winner = twins.findIndex((r) => r.outcome === 'claimed');
        for (let i = 0; i < 20; i++) {
          expect(await store.renewEventLease(`Ev${i}`, `owner${i}`, LEASE)).toBe(i === winner);
        }
        // the losers recorded nothing: their own event keys are still free
        for (let i = 0; i < 20; i++) {
          expect((await store.claimEvent(`Ev${i}`, [`event:Ev${i}`], 'late', LEASE)).outcome).toBe(i === winner ? 'duplicate' : 'claimed');
        }

        const retries = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.claimEvent('EvR', keys('EvR', '1700.0010'), `replica${i}`, LEASE)),
        );
        expect(retries.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
        expect(retries.filter((r) => r.outcome === 'duplicate')).toHaveLength(19);
        const renewed = await Promise.all(retries.map((_, i) => store.renewEventLease('EvR', `replica${i}`, LEASE)));
        expect(renewed.map((r, i) => (r ? i : -1)).filter((i) => i >= 0)).toEqual([retries.findIndex((r) => r.outcome === 'claimed')]);
      });

      it('lets another owner take over a claim whose lease expired, and keeps a renewed one', async () => {
        expect((await store.claimEvent('Ev1', keys('Ev1', '1.1'), 'dead', SHORT)).outcome).toBe('claimed');
        expect((await store.claimEvent('Ev2', keys('Ev2', '2.2'), 'alive', SHORT)).outcome).toBe('claimed');
        expect((await store.claimEvent('Ev3', keys('Ev3', '3.3'), 'quick', SHORT)).outcome).toBe('claimed');
        await store.finishEvent('Ev3', 'quick');
        expect(await store.expiredEventClaims(10)).toEqual([]); // nothing has expired yet
        await sleep(500);
        expect(await store.renewEventLease('Ev2', 'alive', LEASE)).toBe(true);
        await sleep(PAST_SHORT - 500);

        // only the claim that is still running with a lapsed lease is listed; not the renewed, not the finished one
        expect(await store.expiredEventClaims(10)).toEqual(['Ev1']);
        expect((await store.claimEvent('Ev2', keys('Ev2', '2.2'), 'survivor', LEASE)).outcome).toBe('duplicate');
        expect((await store.claimEvent('Ev3', keys('Ev3', '3.3'), 'survivor', LEASE)).outcome).toBe('duplicate');
        expect((await store.claimEvent('Ev1', keys('Ev1', '1.1'), 'survivor', LEASE)).outcome).toBe('taken_over');
        expect(await store.expiredEventClaims(10)).toEqual([]);

        // the old owner lost it: it can neither renew nor finish the survivor's claim
        expect(await store.renewEventLease('Ev1', 'dead', LEASE)).toBe(false);
        await store.finishEvent('Ev1', 'dead');
        expect(await store.renewEventLease('Ev1', 'survivor', LEASE)).toBe(true);
        expect((await store.claimEvent('Ev1', keys('Ev1', '1.1'), 'third', LEASE)).outcome).toBe('duplicate');

        await store.finishEvent('Ev1', 'survivor');
        expect(await store.renewEventLease('Ev1', 'survivor', LEASE)).toBe(false);
        expect((await store.claimEvent('Ev1', keys('Ev1', '1.1'), 'third', LEASE)).outcome).toBe('duplicate');
        expect(await store.expiredEventClaims(10)).toEqual([]);
      });

      it('lists each expired event once, in event id order, at most `limit` of them', async () => {
        expect((await store.claimEvent('EvC', keys('EvC', '3.3'), 'dead', SHORT)).outcome).toBe('claimed'); // two keys, one event
        expect((await store.claimEvent('EvB', ['event:EvB'], 'dead', SHORT)).outcome).toBe('claimed');
        expect((await store.claimEvent('EvA', ['event:EvA'], 'dead', SHORT)).outcome).toBe('claimed');
        await sleep(PAST_SHORT);
        expect(await store.expiredEventClaims(10)).toEqual(['EvA', 'EvB', 'EvC']);
        expect(await store.expiredEventClaims(2)).toEqual(['EvA', 'EvB']);
      });
    });

    describe('event journal', () => {
      it('keeps the first value stored under a key, exactly as it was given', async () => {
        expect(await store.journalGet('Ev1', 'claude:1')).toBeUndefined();
        expect(await store.journalPut('Ev1', 'claude:1', { v: { id: 'msg_1' } })).toEqual({ v: { id: 'msg_1' } });
        expect(await store.journalPut('Ev1', 'claude:1', { v: { id: 'msg_2' } })).toEqual({ v: { id: 'msg_1' } });
        expect(await store.journalGet('Ev1', 'claude:1')).toEqual({ v: { id: 'msg_1' } });
        // keys are per event and per step
        expect(await store.journalGet('Ev1', 'claude:2')).toBeUndefined();
        expect(await store.journalGet('Ev2', 'claude:1')).toBeUndefined();
        expect(await store.journalPut('Ev2', 'claude:1', { v: { id: 'msg_3' } })).toEqual({ v: { id: 'msg_3' } });
        expect(await store.journalGet('Ev1', 'claude:1')).toEqual({ v: { id: 'msg_1' } });

        // JSON round-trips exactly: a boxed null, nested arrays, numbers, Korean text
        const value = { v: { nothing: null, list: [1, 2.5, -3, [true, false]], text: '다음 주 화요일 3시 미팅 "잡아줘"\n', empty: {} } };
        expect(await store.journalPut('Ev1', 'tool:toolu_1', value)).toEqual(value);
        expect(await store.journalGet('Ev1', 'tool:toolu_1')).toEqual(value);
        expect(await store.journalPut('Ev1', 'reply', { v: null })).toEqual({ v: null });
        expect(await store.journalGet('Ev1', 'reply')).toEqual({ v: null });
      });

      it('gives every one of 10 concurrent writers of different values the same stored value', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.journalPut('Ev1', 'message', { v: { writer: i } })));
        const first = results[0] as { v: { writer: number } };
        expect(first.v.writer).toBeGreaterThanOrEqual(0);
        expect(first.v.writer).toBeLessThan(10);
        expect(results).toEqual(Array.from({ length: 10 }, () => first));
        expect(await store.journalGet('Ev1', 'message')).toEqual(first);
      });
    });

    describe('user mappings', () => {
      const auto: UserMapping = {
        slackUserId: 'U1',
        slackTeamId: 'T1',
        notionUserId: 'notion-auto',
        googleEmail: 'minji@example.com',
        displayName: '김민지',
        timezone: 'Asia/Seoul',
        source: 'auto',
      };

      it('saves and reads every field, knows nobody it was not told about, and lets auto replace auto', async () => {
        expect(await store.getUserMapping('U1')).toBeUndefined();
        await store.saveUserMapping(auto);
        expect(await store.getUserMapping('U1')).toEqual(auto);
        expect(await store.getUserMapping('U2')).toBeUndefined();
        // an automatic mapping replaces an automatic one, the fields it lacks included
        await store.saveUserMapping({ slackUserId: 'U1', notionUserId: 'notion-auto-2', source: 'auto' });
        expect(await store.getUserMapping('U1')).toEqual({ slackUserId: 'U1', notionUserId: 'notion-auto-2', source: 'auto' });
      });

      it('never lets an automatic mapping overwrite a manual one; a manual one may', async () => {
        await store.saveUserMapping(auto);
        const manual: UserMapping = { slackUserId: 'U1', notionUserId: 'notion-manual', googleEmail: 'minji.kim@example.com', source: 'manual' };
        await store.saveUserMapping(manual);
        expect(await store.getUserMapping('U1')).toEqual(manual);
        await store.saveUserMapping(auto);
        expect(await store.getUserMapping('U1')).toEqual(manual);
        const manual2: UserMapping = { slackUserId: 'U1', notionUserId: 'notion-manual-2', timezone: 'America/New_York', source: 'manual' };
        await store.saveUserMapping(manual2);
        expect(await store.getUserMapping('U1')).toEqual(manual2);
      });
    });

    describe('thread context', () => {
      const context: ThreadContext = {
        channelId: 'C1',
        threadTs: '1700.0001',
        messages: [
          { role: 'user', content: '이번 주 내 태스크 보여줘' },
          { role: 'assistant', content: [{ type: 'text', text: '3개 있어요' }, { type: 'tool_use', id: 'toolu_1', name: 'x', input: {} }] },
        ],
        entities: [
          { type: 'task', id: 'p1', title: '보고서', listPosition: 1 },
          { type: 'event', id: 'e1', title: '주간 회의' },
          { type: 'email', id: 'm1', title: 'Re: 견적' },
        ],
        lastTaskId: 'p1',
        lastTaskName: '보고서',
      };

      it('saves a thread context, reads it back exactly, and replaces it whole on a later save', async () => {
        expect(await store.getThreadContext('C1', '1700.0001')).toBeUndefined();
        await store.saveThreadContext(context, LEASE);
        expect(await store.getThreadContext('C1', '1700.0001')).toEqual(context);
        expect(await store.getThreadContext('C1', '1700.0002')).toBeUndefined();
        expect(await store.getThreadContext('C2', '1700.0001')).toBeUndefined();

        const later: ThreadContext = { channelId: 'C1', threadTs: '1700.0001', messages: [], entities: [{ type: 'task', id: 'p2', title: '회의록' }] };
        await store.saveThreadContext(later, LEASE);
        expect(await store.getThreadContext('C1', '1700.0001')).toEqual(later); // replaced whole: lastTask* cleared too
      });

      it('forgets a context whose TTL ran out, and a new save brings it back', async () => {
        await store.saveThreadContext({ ...context, threadTs: '2.2' }, SHORT);
        await store.saveThreadContext(context, LEASE);
        await sleep(PAST_SHORT);
        expect(await store.getThreadContext('C1', '2.2')).toBeUndefined();
        expect(await store.getThreadContext('C1', '1700.0001')).toEqual(context);
        await store.saveThreadContext({ ...context, threadTs: '2.2', lastTaskId: 'p9' }, LEASE);
        expect(await store.getThreadContext('C1', '2.2')).toEqual({ ...context, threadTs: '2.2', lastTaskId: 'p9' });
      });
    });

    describe('rate slots', () => {
      it('spaces the slots of one key by the interval across concurrent callers, and owes nothing for past slots', async () => {
        const waits = await Promise.all(Array.from({ length: 6 }, () => store.takeRateSlot('notion', 200)));
        for (const w of waits) expect(Number.isInteger(w)).toBe(true);
        const sorted = [...waits].sort((a, b) => a - b);
        expect(sorted[0]).toBe(0); // the first slot is free now
        for (let i = 1; i < sorted.length; i++) {
          const gap = (sorted[i] as number) - (sorted[i - 1] as number);
          expect(gap).toBeGreaterThan(100); // 200 ms minus the time between the two calls
          expect(gap).toBeLessThanOrEqual(201);
        }
        expect(await store.takeRateSlot('google', 200)).toBe(0); // keys are independent

        expect(await store.takeRateSlot('quick', 200)).toBe(0);
        await sleep(250);
        expect(await store.takeRateSlot('quick', 200)).toBe(0); // a slot that passed unused is not owed
      });
    });

    describe('pending actions', () => {
      const action: NewPendingAction = {
        kind: 'create_event',
        payload: { summary: '미팅', attendees: ['a@example.com'], start: '2026-11-24T15:00:00+09:00' },
        preview: '11월 24일 (화) 오후 3:00–3:30 미팅',
        requesterSlackId: 'U1',
        channelId: 'C1',
        threadTs: '1.1',
        eventId: 'Ev1',
        toolUseId: 'toolu_1',
      };
      const expected = (a: NewPendingAction, rest: Partial<PendingAction> = {}): PendingAction => ({
        ...a,
        id: expect.stringMatching(UUID) as unknown as string,
        status: 'pending',
        result: undefined,
        messageTs: undefined,
        ...rest,
      });

      it('stores one action per event and tool call, even when the event is rerun or runs twice at once', async () => {
        const first = await store.createPendingAction(action, LEASE);
        expect(first).toEqual(expected(action));
        const again = await store.createPendingAction({ ...action, payload: { summary: '다른 미팅' }, preview: '다름' }, LEASE);
        expect(again).toEqual(first); // the rerun gets the stored row, not its own values
        const other = await store.createPendingAction({ ...action, toolUseId: 'toolu_2' }, LEASE);
        expect(other.id).not.toBe(first.id);
        const otherEvent = await store.createPendingAction({ ...action, eventId: 'Ev2' }, LEASE);
        expect(new Set([first.id, other.id, otherEvent.id]).size).toBe(3);

        const concurrent = await Promise.all(Array.from({ length: 10 }, () => store.createPendingAction({ ...action, toolUseId: 'toolu_9' }, LEASE)));
        expect(new Set(concurrent.map((r) => r.id)).size).toBe(1);
        expect(concurrent[0]).toEqual(expected({ ...action, toolUseId: 'toolu_9' }));
      });

      it('lets only the requester take it, and exactly one of 10 concurrent confirm clicks', async () => {
        const a = await store.createPendingAction(action, LEASE);
        await store.setPendingActionMessage(a.id, '1700.0100');
        const stranger = await store.takePendingAction(a.id, 'U2', 'confirm');
        expect(stranger).toEqual({ outcome: 'not_requester', action: { ...a, messageTs: '1700.0100' } }); // unchanged
        expect((await store.takePendingAction(a.id, 'U2', 'cancel')).outcome).toBe('not_requester');

        const clicks = await Promise.all(Array.from({ length: 10 }, () => store.takePendingAction(a.id, 'U1', 'confirm')));
        expect(clicks.filter((c) => c.outcome === 'taken')).toEqual([{ outcome: 'taken', action: { ...a, status: 'running', messageTs: '1700.0100' } }]);
        expect(clicks.filter((c) => c.outcome === 'already_running')).toHaveLength(9);

        await store.finishPendingAction(a.id, 'done', { event_id: 'e1', link: 'https://calendar.example/e1' });
        const late = await store.takePendingAction(a.id, 'U1', 'cancel');
        expect(late).toEqual({
          outcome: 'already_done',
          action: { ...a, status: 'done', messageTs: '1700.0100', result: { event_id: 'e1', link: 'https://calendar.example/e1' } },
        });
        expect((await store.takePendingAction(a.id, 'U2', 'confirm')).outcome).toBe('not_requester');
      });

      it('makes a cancel final, records a failure, and finds no action under an unknown or forged id', async () => {
        const b = await store.createPendingAction({ ...action, toolUseId: 'toolu_2' }, LEASE);
        expect(await store.takePendingAction(b.id, 'U1', 'cancel')).toEqual({ outcome: 'taken', action: { ...b, status: 'cancelled' } });
        expect(await store.takePendingAction(b.id, 'U1', 'confirm')).toEqual({ outcome: 'already_cancelled', action: { ...b, status: 'cancelled' } });
        expect((await store.takePendingAction(b.id, 'U1', 'cancel')).outcome).toBe('already_cancelled');

        const c = await store.createPendingAction({ ...action, toolUseId: 'toolu_3' }, LEASE);
        expect((await store.takePendingAction(c.id, 'U1', 'confirm')).outcome).toBe('taken');
        await store.finishPendingAction(c.id, 'failed', { error: 'calendar_unavailable' });
        expect(await store.takePendingAction(c.id, 'U1', 'confirm')).toEqual({
          outcome: 'already_failed',
          action: { ...c, status: 'failed', result: { error: 'calendar_unavailable' } },
        });

        // unknown ids, and forged ones that are no uuid, are not found
        expect(await store.takePendingAction('0b6f3c3e-4a8e-4a53-9d7e-8f2b1c9d0e1f', 'U1', 'confirm')).toEqual({ outcome: 'not_found' });
        expect(await store.takePendingAction('not-a-uuid', 'U1', 'confirm')).toEqual({ outcome: 'not_found' });
        expect(await store.takePendingAction("x'); drop table pending_actions; --", 'U1', 'cancel')).toEqual({ outcome: 'not_found' });
        const a = await store.createPendingAction(action, LEASE);
        expect((await store.takePendingAction(a.id.toUpperCase(), 'U1', 'confirm')).outcome).toBe('taken'); // uuids are case-insensitive
      });

      it('refuses clicks on an expired action, which stays pending', async () => {
        const c = await store.createPendingAction({ ...action, toolUseId: 'toolu_4' }, SHORT);
        await sleep(PAST_SHORT);
        expect(await store.takePendingAction(c.id, 'U1', 'confirm')).toEqual({ outcome: 'expired', action: c });
        expect(await store.takePendingAction(c.id, 'U1', 'cancel')).toEqual({ outcome: 'expired', action: c });
        expect((await store.takePendingAction(c.id, 'U2', 'confirm')).outcome).toBe('not_requester');
      });


    });
  });
}
