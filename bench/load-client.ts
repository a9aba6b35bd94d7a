/** Talks to the load process (bench/load.ts): send events at a rate, get send times and ack latencies. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Sent {
  sentAt: number;
  ackMs: number;
  status: number;
}

export function startLoadProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, (results: Sent[]) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const out = JSON.parse(line) as { id: number; results?: Sent[]; error?: string };
    if (out.error) throw new Error(`load process: ${out.error}`);
    waiting.get(out.id)?.(out.results!);
    waiting.delete(out.id);
  });
  let next = 0;
  return {
    /** @param ratePerSecond 0 sends all at once */
    send(url: string, secret: string, bodies: string[], ratePerSecond: number): Promise<Sent[]> {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.stdin!.write(`${JSON.stringify({ id, url, secret, bodies, ratePerSecond })}\n`);
      });
    },
    stop() {
      child.kill();
    },
  };
}
