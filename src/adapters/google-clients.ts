/**
 * googleapis clients acting as one Workspace user (domain-wide delegation), one auth client per
 * (user, scopes) so the library's token caching works. Requests go to GOOGLE_API_ROOT_URL;
 * failures worth retrying (429, 5xx, 403 rate limits) are retried with backoff, on POST too,
 * because Paimy's inserts carry client-specified ids and are safe to repeat.
 */
import type { JWT } from 'google-auth-library';
import type { RetryConfig } from 'gaxios';
import type { Config } from '../config';
import { createDelegatedAuth, explainGoogleAuthError } from './google-auth';
import { GoogleApiError, googleFailure, isRetryableGoogleFailure } from './google-errors';

export type GoogleConfig = NonNullable<Config['google']>;

export const SCOPES = {
  /** Read and write events on the user's calendars. */
  calendarEvents: 'https://www.googleapis.com/auth/calendar.events',
  /** FreeBusy across people. */
  calendarFreeBusy: 'https://www.googleapis.com/auth/calendar.freebusy',
  /** Read mail; Paimy never sends or changes it. */
  gmailReadonly: 'https://www.googleapis.com/auth/gmail.readonly',
} as const;

const MAX_RETRIES = 3;

/**
 * gaxios retry settings. A custom `shouldRetry` replaces gaxios' own checks entirely (attempt
 * count included), so it counts attempts itself: at most 3 retries, with gaxios' backoff.
 */
export const RETRY: RetryConfig = {
  retry: MAX_RETRIES,
  retryDelay: 200,
  httpMethodsToRetry: ['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'POST', 'PATCH'],
  shouldRetry: (error) => {
    const attempt = error.config?.retryConfig?.currentRetryAttempt ?? 0;
    if (attempt >= MAX_RETRIES) return false;
    if (!error.response) return error.code !== 'ABORT_ERR'; // network failure: worth another try
    return isRetryableGoogleFailure(error);
  },
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

  /**
   * Runs one API call made as `subject` and turns its failure into a GoogleApiError that says
   * what to do (delegation problems name the scopes and the user).
   * @param service the API's name for the message, e.g. `Gmail`
   * @throws GoogleApiError
   */
  async run<T>(service: string, subject: string, scopes: string[], call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const explained = explainGoogleAuthError(error, { subject, scopes, serviceAccountEmail: this.config.serviceAccountEmail });
      const failure = googleFailure(error);
      throw new GoogleApiError(explained?.message ?? `${service}: ${failure.message}`, failure.status, failure.reason);
    }
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
