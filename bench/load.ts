/**
 * The benchmark's load process: reads commands as JSON lines on stdin, sends Slack-signed
 * events to Paimy at the asked rate, and answers with each request's send time and ack
 * latency. A separate process, so the load never shares an event loop with Paimy or the fakes.
 */
import { createHmac } from 'node:crypto';
import { createInterface } from 'node:readline';

interface Command {
  id: number;
  url: string;
  secret: string;
  /** Full request bodies (JSON strings). */
  bodies: string[];
  /** Events per second; 0 sends them all at once. */
  ratePerSecond: number;
}

async function send(url: string, secret: string, body: string) {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const sentAt = Date.now();
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return { sentAt, ackMs: performance.now() - started, status: res.status };
}

async function run(cmd: Command) {
  const results: Promise<Awaited<ReturnType<typeof send>>>[] = [];
  const startedAt = performance.now();
  for (const [i, body] of cmd.bodies.entries()) {
    if (cmd.ratePerSecond > 0) {
      const due = startedAt + (i * 1000) / cmd.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    // A refused or timed-out request is a result (status 0), not the end of the run.
    results.push(send(cmd.url, cmd.secret, body).catch(() => ({ sentAt: Date.now(), ackMs: Number.NaN, status: 0 })));
  }
  return { id: cmd.id, results: await Promise.all(results) };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const cmd = JSON.parse(line) as Command;
  run(cmd).then(
    (out) => process.stdout.write(`${JSON.stringify(out)}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: cmd.id, error: String(error) })}\n`),
  );
});
