/**
 * Paimy as its own process, started the way `npm start` starts it (the command line is read
 * from package.json: the bundle built by scripts/build.mjs, under the same Node flags and
 * environment), for the multi-replica tests, the start-up test and the benchmark.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

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

/** `npm start`'s command, from package.json: `VAR=value … [exec] node <node arguments>`. */
async function startCommand(): Promise<{ env: Record<string, string>; args: string[] }> {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_]+=/.test(words[0])) {
    const [name, value] = words.shift()!.split('=') as [string, string];
    env[name] = value;
  }
  if (words[0] === 'exec') words.shift();
  if (words.shift() !== 'node') throw new Error(`npm start is not "[VAR=value …] [exec] node …": ${pkg.scripts.start}`);
  return { env, args: words };
}

let built: Promise<unknown> | undefined;
/** Builds the bundle once per test process, as `prestart` does before `npm start`. */
function buildOnce(): Promise<unknown> {
  built ??= promisify(execFile)(process.execPath, ['scripts/build.mjs']);
  return built;
}

/** @param env Paimy's environment (PORT is chosen here) */
export async function startPaimyProcess(env: Record<string, string>): Promise<PaimyProcess> {
  await buildOnce();
  const start = await startCommand();
  const port = await freePort();
  const child = spawn(process.execPath, start.args, {
    cwd: process.cwd(),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...start.env, ...env, PORT: String(port) },
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
