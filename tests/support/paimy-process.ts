/**
 * Paimy as its own process, started the way `npm start` starts it (src/main.ts under tsx),
 * for the multi-replica tests and the benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

export interface PaimyProcess {
  url: string;
  child: ChildProcess;
  /** Resident set size (MB), from /proc. */
  rssMb(): Promise<number>;
  /** SIGTERM, then wait for the exit (graceful shutdown finishes accepted work). */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, as a crashed replica does. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** @param env Paimy's environment (PORT is chosen here) */
export async function startPaimyProcess(env: Record<string, string>): Promise<PaimyProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Paimy exited during start-up (code ${child.exitCode})`);
    if (Date.now() > deadline) throw new Error('Paimy did not become ready within 60 s');
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
