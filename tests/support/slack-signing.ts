/**
 * Slack request signing (v0), as Slack does it: HMAC-SHA256 of `v0:{timestamp}:{body}` with the
 * signing secret. Source: https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac } from 'node:crypto';

export function signSlackRequest(secret: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': signature };
}
