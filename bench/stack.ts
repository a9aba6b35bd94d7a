/**
 * What the benchmark runs against: the local fakes (in this process, with fixed latencies) and
 * Paimy itself as a child process started the way `npm start` starts it (HTTP mode, embedded
 * store), so its ack latency and memory are its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeNetwork, startAnthropicFake, startGoogleFake, startNotionFake, startSlackFake } from '../tests/fakes';
import { benchResponder, SUJIN_EMAIL } from './claude-script';

export const SIGNING_SECRET = 'bench-signing-secret';
export const MINJI = { slack: 'U0MINJI', email: 'minji@paimy.example' };

export interface Latencies {
  claude: number;
  notion: number;
  google: number;
  slack: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function startStack(latency: Latencies) {
  for (const [service, ms] of Object.entries(latency)) fakeNetwork.latencyMs.set(service, ms);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccountEmail = 'paimy@bench.iam.gserviceaccount.com';
  const [slack, notion, claude, google] = await Promise.all([
    startSlackFake(),
    startNotionFake({ now: () => new Date('2026-11-23T01:00:00Z') }),
    startAnthropicFake(),
    startGoogleFake({
      serviceAccountEmail,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      users: [MINJI.email, SUJIN_EMAIL],
    }),
  ]);
  claude.responder = benchResponder;
  slack.addUser({ id: MINJI.slack, name: 'minji', realName: '김민지', email: MINJI.email });
  slack.addUser({ id: 'U0SUJIN', name: 'sujin', realName: '박수진', email: SUJIN_EMAIL });
  const minjiNotion = notion.addUser({ name: '김민지', email: MINJI.email });
  for (let i = 0; i < 5; i++) notion.addTask({ title: `태스크 ${i}`, ownerIds: [minjiNotion], due: `2026-11-2${4 + (i % 5)}`, status: 'In Progress' });

  const dataDir = await mkdtemp(join(tmpdir(), 'paimy-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      ANTHROPIC_BASE_URL: claude.url,
      NOTION_INTEGRATION_TOKEN: 'ntn_bench',
      NOTION_TASK_DATABASE_ID: notion.databaseId,
      NOTION_BASE_URL: notion.url,
      GOOGLE_SERVICE_ACCOUNT_EMAIL: serviceAccountEmail,
      GOOGLE_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      GOOGLE_API_ROOT_URL: google.rootUrl,
      GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
      PAIMY_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return {
    url,
    slack,
    notion,
    claude,
    google,
    child,
    /** Resident set size of the Paimy process (MB), from /proc. */
    async rssMb(): Promise<number> {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await Promise.all([slack.close(), notion.close(), claude.close(), google.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Paimy exited during start-up (code ${child.exitCode})`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Paimy did not become ready within 60 s');
}
