/**
 * What the benchmark runs against: the local fakes (in this process, with fixed latencies) and
 * Paimy itself as a child process started the way `npm start` starts it (HTTP mode, embedded
 * store), so its ack latency and memory are its own.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeNetwork, startAnthropicFake, startGoogleFake, startNotionFake, startSlackFake } from '../tests/fakes';
import { startPaimyProcess } from '../tests/support/paimy-process';
import { benchResponder, SUJIN_EMAIL } from './claude-script';

export const SIGNING_SECRET = 'bench-signing-secret';
export const MINJI = { slack: 'U0MINJI', email: 'minji@paimy.example' };

export interface Latencies {
  claude: number;
  notion: number;
  google: number;
  slack: number;
}

/** @param databaseUrl run Paimy on PostgreSQL instead of the embedded store (for comparison) */
export async function startStack(latency: Latencies, databaseUrl?: string) {
  for (const [service, ms] of Object.entries(latency)) fakeNetwork.latencyMs.set(service, ms);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccountEmail = 'paimy@bench.iam.gserviceaccount.com';
  const [slack, notion, claude, google] = await Promise.all([
    startSlackFake(),
    startNotionFake(),
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
  // Due today and on the following days, so "this week" always has some (weeks end on Sunday).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < 5; i++) notion.addTask({ title: `태스크 ${i}`, ownerIds: [minjiNotion], due: day(0), status: 'In Progress' });

  const dataDir = await mkdtemp(join(tmpdir(), 'paimy-bench-'));
  const paimy = await startPaimyProcess({
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
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  return {
    url: paimy.url,
    slack,
    notion,
    claude,
    google,
    paimy,
    async stop() {
      await paimy.stop();
      await Promise.all([slack.close(), notion.close(), claude.close(), google.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
