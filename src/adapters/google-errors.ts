/**
 * Google API failures in words a person can act on. Source of truth:
 * https://developers.google.com/calendar/api/guides/errors and
 * https://developers.google.com/gmail/api/guides/handle-errors
 */

/** A Google API call failed; `reason` is Google's `errors[0].reason` when it gave one. */
export class GoogleApiError extends Error {
  override name = 'GoogleApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly reason: string | undefined,
  ) {
    super(message);
  }
}

interface GaxiosLike {
  status?: number;
  response?: { status?: number; data?: { error?: { message?: string; errors?: { reason?: string }[] } | string } };
  message?: string;
}

/** HTTP status and Google's reason of a gaxios error (undefined fields when absent). */
export function googleFailure(error: unknown): { status?: number; reason?: string; message: string } {
  const e = error as GaxiosLike;
  const status = e?.response?.status ?? e?.status;
  const data = e?.response?.data?.error;
  const reason = typeof data === 'object' ? data?.errors?.[0]?.reason : data;
  const message = (typeof data === 'object' ? data?.message : undefined) ?? e?.message ?? String(error);
  return { status, reason, message };
}

/** Rate limits worth retrying with backoff; `quotaExceeded` (daily quota) and 400s are not. */
export function isRetryableGoogleFailure(error: unknown): boolean {
  const { status, reason } = googleFailure(error);
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  return status === 403 && (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded');
}
