/**
 * Text Paimy posts must never ping a whole channel: Slack's special mentions (`<!channel>`,
 * `<!here>`, `<!everyone>`, user-group pings) are defused wherever they came from (Claude,
 * a task title, an email). Source: https://api.slack.com/reference/surfaces/formatting#special-mentions
 */
export function defuseMentions(text: string): string {
  return text
    .replace(/<!(channel|here|everyone)(\|[^>]*)?>/gi, '@\u200b$1')
    .replace(/<!subteam\^[A-Z0-9]+(\|([^>]*))?>/gi, (_m, _l, label?: string) => `@\u200b${label?.replace(/^@/, '') ?? 'group'}`)
    .replace(/(^|\s)@(channel|here|everyone)\b/gi, '$1@\u200b$2');
}

/** Drops the bot's own mention from a user's message (`<@UPAIMY> 내 태스크` → `내 태스크`). */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const cleaned = botUserId ? text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), '') : text;
  return cleaned.replace(/\s+/g, ' ').trim();
}
