import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';

describe('logger', () => {
  it('writes JSON lines with the event id and never the secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const log = createLogger('info', sink).child({ event_id: 'Ev1', channel: 'C1', thread_ts: '1.1' });
    log.info({ token: 'xoxb-secret', config: { apiKey: 'sk-ant-secret', privateKey: 'KEY' }, body: '메일 본문' }, 'hello');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ event_id: 'Ev1', channel: 'C1', thread_ts: '1.1', msg: 'hello' });
    expect(lines[0]).not.toMatch(/xoxb-secret|sk-ant-secret|KEY|메일 본문/);
  });
});
