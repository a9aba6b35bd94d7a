import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store';
import { freshStore } from '../support/store';

describe('PGlite store (the SQL in supabase/migrations)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const lease = 60_000;

  it('claims an event once, and refuses retries and the message twin of an app_mention', async () => {
    expect((await store.claimEvent('Ev1', ['event:Ev1', 'message:C1:1700.0001'], 'A', lease)).outcome).toBe('claimed');
    expect((await store.claimEvent('Ev1', ['event:Ev1', 'message:C1:1700.0001'], 'B', lease)).outcome).toBe('duplicate'); // retry while running
    expect((await store.claimEvent('Ev2', ['event:Ev2', 'message:C1:1700.0001'], 'B', lease)).outcome).toBe('duplicate'); // same ts, other event
    await store.finishEvent('Ev1', 'A');
    expect((await store.claimEvent('Ev1', ['event:Ev1', 'message:C1:1700.0001'], 'B', lease)).outcome).toBe('duplicate'); // retry after done
    expect((await store.claimEvent('Ev2', ['event:Ev2'], 'B', lease)).outcome).toBe('claimed'); // a refused claim left nothing behind
  });

  it('gives exactly one winner to concurrent claims', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claimEvent(`Ev${i}`, [`event:Ev${i}`, 'message:C1:1700.0009'], `owner${i}`, lease)),
    );
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
  });

  it('lets another owner take over a claim whose lease expired, and keeps a renewed one', async () => {
    expect((await store.claimEvent('Ev1', ['event:Ev1'], 'dead', 1_000)).outcome).toBe('claimed');
    expect((await store.claimEvent('Ev2', ['event:Ev2'], 'alive', 1_000)).outcome).toBe('claimed');
    await new Promise((r) => setTimeout(r, 600));
    expect(await store.renewEventLease('Ev2', 'alive', 60_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(await store.expiredEventClaims(10)).toEqual(['Ev1']);
    expect((await store.claimEvent('Ev1', ['event:Ev1'], 'survivor', lease)).outcome).toBe('taken_over');
    expect((await store.claimEvent('Ev2', ['event:Ev2'], 'survivor', lease)).outcome).toBe('duplicate');
    expect(await store.renewEventLease('Ev1', 'dead', lease)).toBe(false); // the old owner lost it
    expect(await store.expiredEventClaims(10)).toEqual([]);
  });

  it('journals steps: the first value stored under a key wins', async () => {
    expect(await store.journalGet('Ev1', 'claude:1')).toBeUndefined();
    expect(await store.journalPut('Ev1', 'claude:1', { v: { id: 'msg_1' } })).toEqual({ v: { id: 'msg_1' } });
    expect(await store.journalPut('Ev1', 'claude:1', { v: { id: 'msg_2' } })).toEqual({ v: { id: 'msg_1' } });
    expect(await store.journalGet('Ev1', 'claude:1')).toEqual({ v: { id: 'msg_1' } });
  });

  it('saves and replaces a thread context, and forgets an expired one', async () => {
    await store.saveThreadContext(
      { channelId: 'C1', threadTs: '1.1', messages: [{ role: 'user', content: '안녕' }], entities: [{ type: 'task', id: 'p1', title: '보고서', listPosition: 1 }], lastTaskId: 'p1', lastTaskName: '보고서' },
      60_000,
    );
    await store.saveThreadContext({ channelId: 'C1', threadTs: '1.1', messages: [], entities: [], lastTaskId: 'p2', lastTaskName: '회의록' }, 60_000);
    expect(await store.getThreadContext('C1', '1.1')).toMatchObject({ lastTaskId: 'p2', lastTaskName: '회의록', entities: [] });
    await store.saveThreadContext({ channelId: 'C1', threadTs: '2.2', messages: [], entities: [] }, 1_000);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await store.getThreadContext('C1', '2.2')).toBeUndefined();
  });

  it('never lets an automatic mapping overwrite a manual one', async () => {
    await store.saveUserMapping({ slackUserId: 'U1', notionUserId: 'manual-id', source: 'manual' });
    await store.saveUserMapping({ slackUserId: 'U1', notionUserId: 'auto-id', source: 'auto' });
    expect((await store.getUserMapping('U1'))?.notionUserId).toBe('manual-id');
    await store.saveUserMapping({ slackUserId: 'U2', notionUserId: 'a', googleEmail: 'b@x.com', source: 'auto' });
    expect(await store.getUserMapping('U2')).toMatchObject({ notionUserId: 'a', googleEmail: 'b@x.com', source: 'auto' });
  });
});

describe('pending actions (confirm exactly once, requester only)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const action = {
    kind: 'create_event',
    payload: { summary: '미팅' },
    preview: '11월 24일 (화) 오후 3:00–3:30 미팅',
    requesterSlackId: 'U1',
    channelId: 'C1',
    threadTs: '1.1',
    eventId: 'Ev1',
    toolUseId: 'toolu_1',
  };

  it('stores one action per event and tool call, even when the event is rerun', async () => {
    const first = await store.createPendingAction(action, 60_000);
    const again = await store.createPendingAction(action, 60_000);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ status: 'pending', payload: { summary: '미팅' } });
  });

  it('lets only the requester take it, once; cancel and expiry are final', async () => {
    const a = await store.createPendingAction(action, 60_000);
    expect((await store.takePendingAction(a.id, 'U2', 'confirm')).outcome).toBe('not_requester');
    const clicks = await Promise.all([1, 2, 3].map(() => store.takePendingAction(a.id, 'U1', 'confirm')));
    expect(clicks.map((c) => c.outcome).sort()).toEqual(['already_running', 'already_running', 'taken']);
    await store.finishPendingAction(a.id, 'done', { event_id: 'e1' });
    expect((await store.takePendingAction(a.id, 'U1', 'cancel')).outcome).toBe('already_done');

    const b = await store.createPendingAction({ ...action, toolUseId: 'toolu_2' }, 60_000);
    expect((await store.takePendingAction(b.id, 'U1', 'cancel')).outcome).toBe('taken');
    expect((await store.takePendingAction(b.id, 'U1', 'confirm')).outcome).toBe('already_cancelled');

    const c = await store.createPendingAction({ ...action, toolUseId: 'toolu_3' }, 1_000);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await store.takePendingAction(c.id, 'U1', 'confirm')).outcome).toBe('expired');
    expect((await store.takePendingAction('not-a-uuid', 'U1', 'confirm')).outcome).toBe('not_found');
  });
});

describe('shared rate slots', () => {
  it('spaces reservations of one key by the interval, across callers', async () => {
    const store = await freshStore();
    try {
      const started = Date.now();
      const waits = await Promise.all(Array.from({ length: 6 }, () => store.takeRateSlot('notion:x', 200)));
      const elapsed = Date.now() - started;
      const sorted = [...waits].sort((a, b) => a - b);
      expect(sorted[0]).toBeLessThanOrEqual(elapsed);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(150);
      expect(sorted.at(-1)!).toBeGreaterThanOrEqual(5 * 200 - elapsed);
      expect(await store.takeRateSlot('other', 200)).toBe(0); // keys are independent
    } finally {
      await store.close();
    }
  });
});
