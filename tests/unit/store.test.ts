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

  it('claims an event once, and refuses the message twin of an app_mention', async () => {
    expect(await store.claimEvent('Ev1', ['event:Ev1', 'message:C1:1700.0001'])).toBe(true);
    expect(await store.claimEvent('Ev1', ['event:Ev1', 'message:C1:1700.0001'])).toBe(false); // Slack retry
    expect(await store.claimEvent('Ev2', ['event:Ev2', 'message:C1:1700.0001'])).toBe(false); // same ts, other event
    expect(await store.claimEvent('Ev3', ['event:Ev3', 'message:C1:1700.0002'])).toBe(true);
  });

  it('gives exactly one winner to concurrent claims', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claimEvent(`Ev${i}`, [`event:Ev${i}`, 'message:C1:1700.0009'])),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
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
