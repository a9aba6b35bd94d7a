/**
 * find_person: a teammate's Slack, Notion and Google identities by name. Slack's directory is
 * the source of names and emails; Notion people are matched by email, then by name.
 */
import { z } from 'zod';
import { defineTool } from '../tool';

export const findPerson = defineTool({
  name: 'find_person',
  description:
    'Find a teammate by name (Korean or English, with or without 님) and get their Slack user id, ' +
    'Notion user id (for task owners) and email (for calendar attendees).',
  input: z.object({ name: z.string().trim().min(1).describe('e.g. "수진", "김수진님", "sujin"') }),
  async run({ name }, ctx) {
    const [slack, notionPeople] = await Promise.all([
      ctx.slackPeople.search(name),
      ctx.notion ? ctx.notion.listPeople() : Promise.resolve([]),
    ]);
    const needle = name.trim().toLowerCase().replace(/(님|씨)$/u, '');
    const people = slack.map((p) => {
      const notion =
        notionPeople.find((n) => p.email && n.email?.toLowerCase() === p.email.toLowerCase()) ??
        notionPeople.find((n) => n.name.toLowerCase() === p.name.toLowerCase());
      return { name: p.name, real_name: p.realName, slack_user_id: p.id, notion_user_id: notion?.id ?? null, email: p.email ?? null };
    });
    // Notion members who are not in Slack's directory still count for task ownership.
    for (const n of notionPeople) {
      if (n.name.toLowerCase().includes(needle) && !people.some((p) => p.notion_user_id === n.id)) {
        people.push({ name: n.name, real_name: undefined, slack_user_id: '', notion_user_id: n.id, email: n.email ?? null });
      }
    }
    return { count: people.length, people: people.slice(0, 10) };
  },
});
