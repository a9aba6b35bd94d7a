// Builds Slack user objects in the shape documented for users.info / users.list.
import { tzOffsetSeconds } from './time';

export const BOT_USER_ID = 'UPAIMY';
export const BOT_ID = 'BPAIMY';
export const TEAM_ID = 'T0TEAM';
export const APP_ID = 'APAIMY';

export interface SlackUserSeed {
  id: string;
  name: string;
  realName: string;
  email?: string;
  isBot?: boolean;
  /** IANA zone, default 'Asia/Seoul'. */
  tz?: string;
  displayName?: string;
  deleted?: boolean;
}

export interface SlackUserObject {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  is_admin: boolean;
  is_owner: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
  profile: {
    real_name: string;
    real_name_normalized: string;
    display_name: string;
    display_name_normalized: string;
    email?: string;
    team: string;
    bot_id?: string;
    image_72: string;
  };
}

export function slackUserObject(seed: SlackUserSeed): SlackUserObject {
  const tz = seed.tz ?? 'Asia/Seoul';
  const displayName = seed.displayName ?? seed.name;
  return {
    id: seed.id,
    team_id: TEAM_ID,
    name: seed.name,
    deleted: seed.deleted ?? false,
    real_name: seed.realName,
    tz,
    tz_label: tz,
    tz_offset: tzOffsetSeconds(tz),
    is_admin: false,
    is_owner: false,
    is_bot: seed.isBot ?? false,
    is_app_user: false,
    updated: 1700000000,
    profile: {
      real_name: seed.realName,
      real_name_normalized: seed.realName,
      display_name: displayName,
      display_name_normalized: displayName,
      ...(seed.email !== undefined ? { email: seed.email } : {}),
      team: TEAM_ID,
      ...(seed.id === BOT_USER_ID ? { bot_id: BOT_ID } : {}),
      image_72: `https://avatars.example/${seed.id}_72.png`,
    },
  };
}

export const BOT_USER_SEED: SlackUserSeed = { id: BOT_USER_ID, name: 'paimy', realName: 'Paimy', isBot: true };
