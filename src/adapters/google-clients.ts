/**
 * googleapis clients acting as one Workspace user (domain-wide delegation), one auth client per
 * (user, scopes) so the library's token caching works. Requests go to GOOGLE_API_ROOT_URL;
 * failures worth retrying (429, 5xx, 403 rate limits) are retried with backoff, on POST too,
 * because Paimy's inserts carry client-specified ids and are safe to repeat.
 */
import type { JWT } from 'google-auth-library';
import type { RetryConfig } from 'gaxios';
import type { Config } from '../config';
import { createDelegatedAuth } from './google-auth';
import { isRetryableGoogleFailure } from './google-errors';

export type GoogleConfig = NonNullable<Config['google']>;

export const SCOPES = {
  /** Read and write events on the user's calendars. */
  calendarEvents: 'https://www.googleapis.com/auth/calendar.events',
  /** FreeBusy across people. */
  calendarFreeBusy: 'https://www.googleapis.com/auth/calendar.freebusy',
  /** Read mail; Paimy never sends or changes it. */
  gmailReadonly: 'https://www.googleapis.com/auth/gmail.readonly',
} as const;

export const RETRY: RetryConfig = {
  retry: 3,
  noResponseRetries: 2,
  retryDelay: 200,
  httpMethodsToRetry: ['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'POST', 'PATCH'],
  statusCodesToRetry: [[403, 403], [429, 429], [500, 599]],
  shouldRetry: (error) => isRetryableGoogleFailure(error),
};

export class GoogleAuthPool {
  private readonly clients = new Map<string, JWT>();

  constructor(private readonly config: GoogleConfig) {}

  get rootUrl(): string | undefined {
    return this.config.apiRootUrl;
  }

  get serviceAccountEmail(): string {
    return this.config.serviceAccountEmail;
  }

  /** The auth client acting as `subject` with exactly `scopes`. */
  as(subject: string, scopes: string[]): JWT {
    const key = `${subject.toLowerCase()} ${scopes.join(' ')}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createDelegatedAuth({
        serviceAccountEmail: this.config.serviceAccountEmail,
        privateKey: this.config.privateKey,
        subject,
        scopes,
        tokenUrl: this.config.oauthTokenUrl,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
