/**
 * Slack people, in Paimy's own types: one profile by id (`users.info`) and a cached directory
 * for name look-ups (`users.list`). Source of truth: https://api.slack.com/methods/users.info
 */
import type { WebClient } from '@slack/web-api';

export interface SlackPerson {
  id: string;
  /** Display name, else real name, else handle. */
  name: string;
  realName?: string;
  email?: string;
  timezone?: string;
  isBot: boolean;
}

const DIRECTORY_TTL_MS = 10 * 60 * 1000;

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

function toPerson(u: SlackUser): SlackPerson {
  const display = u.profile?.display_name?.trim();
  return {
    id: u.id ?? '',
    name: display || u.profile?.real_name || u.real_name || u.name || u.id || '',
    realName: u.profile?.real_name || u.real_name,
    email: u.profile?.email,
    timezone: u.tz,
    isBot: u.is_bot === true || u.id === 'USLACKBOT',
  };
}

export class SlackPeople {
  private directory?: { at: number; list: Promise<SlackPerson[]> };

  constructor(
    private readonly client: WebClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * @returns the profile of `userId` (email needs the `users:read.email` scope)
   * @throws WebAPIPlatformError (`user_not_found`) from @slack/web-api
   */
  async profile(userId: string): Promise<SlackPerson> {
    const res = await this.client.users.info({ user: userId });
    return toPerson((res.user ?? { id: userId }) as SlackUser);
  }

  /** Active humans whose name, real name or email contains `name` (case-insensitive). */
  async search(name: string): Promise<SlackPerson[]> {
    const needle = name.trim().toLowerCase().replace(/(님|씨)$/u, '');
    if (!needle) return [];
    return (await this.list()).filter((p) =>
      [p.name, p.realName, p.email].some((v) => v?.toLowerCase().includes(needle)),
    );
  }

  private list(): Promise<SlackPerson[]> {
    if (!this.directory || this.now() - this.directory.at > DIRECTORY_TTL_MS) {
      const list = this.fetchAll();
      this.directory = { at: this.now(), list };
      list.catch(() => (this.directory = undefined));
    }
    return this.directory.list;
  }

  private async fetchAll(): Promise<SlackPerson[]> {
    const people: SlackPerson[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.client.users.list({ limit: 200, cursor });
      for (const u of (res.members ?? []) as SlackUser[]) {
        if (!u.deleted) people.push(toPerson(u));
      }
      cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return people.filter((p) => !p.isBot);
  }
}
