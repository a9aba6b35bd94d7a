/**
 * Who is asking: the user mapping from the store, filled automatically on first contact
 * (Slack profile email → Notion member with that email → Google email). Contract:
 * ../shared/design.md §7 (`user_mappings`).
 */
import type { NotionTasks } from '../adapters/notion';
import type { SlackPeople } from '../adapters/slack-people';
import type { Requester } from '../agent/tool';
import type { Logger } from '../logger';
import type { Store } from '../store/store';

export type IdentityResult =
  | { ok: true; requester: Requester }
  | { ok: false; reason: 'no_email' | 'no_notion_user'; message: string };

export interface IdentityDeps {
  store: Store;
  slackPeople: SlackPeople;
  notion?: NotionTasks;
  log: Logger;
}

/**
 * @returns the requester, or a kind explanation (Korean) of why Paimy cannot act for them
 * @throws on Slack or Notion API failures (the caller answers with a generic apology)
 */
export async function resolveRequester(deps: IdentityDeps, slackUserId: string, teamId?: string): Promise<IdentityResult> {
  const saved = await deps.store.getUserMapping(slackUserId);
  if (saved && (saved.notionUserId || !deps.notion)) {
    return { ok: true, requester: toRequester(saved.slackUserId, saved.displayName, saved.notionUserId, saved.googleEmail) };
  }

  const profile = await deps.slackPeople.profile(slackUserId);
  if (!deps.notion) {
    await deps.store.saveUserMapping({
      slackUserId, slackTeamId: teamId, googleEmail: profile.email, displayName: profile.name, timezone: profile.timezone, source: 'auto',
    });
    return { ok: true, requester: toRequester(slackUserId, profile.name, undefined, profile.email) };
  }
  if (!profile.email) {
    deps.log.warn({ slack_user_id: slackUserId }, 'slack profile has no email (is users:read.email granted?)');
    return {
      ok: false,
      reason: 'no_email',
      message:
        '죄송해요, Slack 프로필에서 이메일을 확인할 수 없어서 Notion 계정과 연결하지 못했어요. ' +
        '워크스페이스 관리자에게 Paimy 앱의 `users:read.email` 권한을 확인해 달라고 요청해 주세요.',
    };
  }
  const person = await deps.notion.findPersonByEmail(profile.email);
  if (!person) {
    deps.log.info({ slack_user_id: slackUserId }, 'no Notion member with the Slack email');
    return {
      ok: false,
      reason: 'no_notion_user',
      message:
        `죄송해요, Slack 이메일(${profile.email})과 같은 이메일을 쓰는 Notion 멤버를 찾지 못했어요. ` +
        'Notion 워크스페이스에 같은 이메일로 초대되어 있는지 확인해 주세요. 초대된 뒤 다시 말을 걸어 주시면 자동으로 연결할게요.',
    };
  }
  await deps.store.saveUserMapping({
    slackUserId,
    slackTeamId: teamId,
    notionUserId: person.id,
    googleEmail: profile.email,
    displayName: profile.name,
    timezone: profile.timezone,
    source: 'auto',
  });
  deps.log.info({ slack_user_id: slackUserId, notion_user_id: person.id }, 'user mapped automatically');
  return { ok: true, requester: toRequester(slackUserId, profile.name, person.id, profile.email) };
}

function toRequester(slackUserId: string, name?: string, notionUserId?: string, googleEmail?: string): Requester {
  return { slackUserId, name: name ?? slackUserId, notionUserId, googleEmail };
}
