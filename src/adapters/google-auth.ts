// Service-account credentials with domain-wide delegation for Calendar and Gmail.
import { JWT } from 'google-auth-library';

/** Where gtoken (used by google-auth-library's JWT) posts the JWT-bearer grant; hard-coded there. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface DelegatedAuthOptions {
  /** The service account's client_email, e.g. paimy@project.iam.gserviceaccount.com. */
  serviceAccountEmail: string;
  /** PEM private key (PKCS#8, "-----BEGIN PRIVATE KEY-----"), real newlines. */
  privateKey: string;
  /** The Workspace user to impersonate (the JWT's `sub`). */
  subject: string;
  /** OAuth scopes; each must be granted to the service account's client id for domain-wide delegation. */
  scopes: string[];
  /** Post the token grant here instead of Google's (tests: a local fake). */
  tokenUrl?: string;
}

/**
 * A google-auth-library `JWT` client that impersonates `subject`
 * (https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority).
 * Pass it as `auth` to googleapis; it signs the RS256 assertion, exchanges it for an access
 * token on first use and caches/refreshes that token itself.
 *
 * `tokenUrl`: gtoken hard-codes Google's token URL but posts through the JWT's own `transporter`
 * (a gaxios instance; googleapis sends the API calls through it too). A request interceptor
 * rewrites that one URL and nothing else; the library keeps its signing, caching and retries.
 * The assertion's `aud` stays Google's URL.
 *
 * Throws nothing here; token failures surface on the first API call as a GaxiosError whose
 * `response.data` is `{ error, error_description }` (see {@link explainGoogleAuthError}).
 */
export function createDelegatedAuth(opts: DelegatedAuthOptions): JWT {
  const jwt = new JWT({
    email: opts.serviceAccountEmail,
    key: opts.privateKey,
    subject: opts.subject,
    scopes: opts.scopes,
  });
  const tokenUrl = opts.tokenUrl;
  if (tokenUrl !== undefined && tokenUrl !== GOOGLE_TOKEN_URL) {
    const target = new URL(tokenUrl); // throws early on a malformed URL
    jwt.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (config.url.href === GOOGLE_TOKEN_URL) config.url = new URL(target.href);
        return config;
      },
    });
  }
  return jwt;
}

export interface GoogleAuthErrorContext {
  subject: string;
  scopes: string[];
  serviceAccountEmail: string;
  /** The service account's numeric client id ("Unique ID"; `client_id` in its JSON key), if known. */
  clientId?: string;
}

type OAuthErrorBody = { error?: unknown; error_description?: unknown };

function oauthError(error: unknown): { code: string; description: string } | undefined {
  const data = (error as { response?: { data?: OAuthErrorBody } } | null)?.response?.data;
  if (data && typeof data === 'object' && typeof data.error === 'string') {
    return { code: data.error, description: typeof data.error_description === 'string' ? data.error_description : '' };
  }
  // gtoken rewrites the message to "<error>: <error_description>" as well.
  const m = error instanceof Error ? /^(unauthorized_client|invalid_grant)(?::\s*(.*))?$/s.exec(error.message) : null;
  return m?.[1] ? { code: m[1], description: m[2] ?? '' } : undefined;
}

/**
 * Turns the token endpoint's delegation failures into an admin-actionable Error (with `cause`):
 * - `unauthorized_client` (HTTP 401): at least one requested scope is not granted to the service
 *   account's client id under domain-wide delegation; the message lists the requested scopes.
 * - `invalid_grant` "Invalid email or User ID" (HTTP 400): `subject` cannot be impersonated
 *   (not in the domain, suspended or deleted, or a typo). Other `invalid_grant` descriptions
 *   (bad signature, clock skew) get their own message.
 * Returns undefined for anything else. Source of truth for the token errors and delegation setup:
 * https://developers.google.com/identity/protocols/oauth2/service-account (sections "Delegating
 * domain-wide authority" and "Error codes"). The endpoint never says WHICH scope is missing.
 */
export function explainGoogleAuthError(error: unknown, ctx: GoogleAuthErrorContext): Error | undefined {
  const e = oauthError(error);
  if (!e) return undefined;
  const client = ctx.clientId ? `client id ${ctx.clientId}` : `the client id (Unique ID) of ${ctx.serviceAccountEmail}`;
  let message: string | undefined;
  if (e.code === 'unauthorized_client') {
    message =
      `Google refused a token for ${ctx.subject}: service account ${ctx.serviceAccountEmail} is not authorized ` +
      `for domain-wide delegation of the requested scopes (at least one of these is missing): ${ctx.scopes.join(', ')}. ` +
      `A Workspace super admin must add them, comma-separated, for ${client} in ` +
      `Admin console → Security → Access and data control → API controls → Domain-wide delegation.`;
  } else if (e.code === 'invalid_grant') {
    if (/signature/i.test(e.description)) {
      message = `Google rejected the signature of ${ctx.serviceAccountEmail}'s token request: GOOGLE_PRIVATE_KEY does not belong to this service account, or the key was deleted.`;
    } else if (/short-lived|iat|exp\b|timeframe/i.test(e.description)) {
      message = `Google rejected the token request's timestamps (${e.description}); check this server's clock.`;
    } else if (/account not found/i.test(e.description)) {
      message = `Google does not know service account ${ctx.serviceAccountEmail} (deleted, or a typo in GOOGLE_SERVICE_ACCOUNT_EMAIL).`;
    } else {
      message =
        `Google could not impersonate ${ctx.subject} with service account ${ctx.serviceAccountEmail}` +
        `${e.description ? ` (${e.description})` : ''}: the user is not in the Workspace domain, is suspended or deleted, ` +
        `or the email is wrong. Check the user's Google email in Paimy's user mapping.`;
    }
  }
  if (message === undefined) return undefined;
  const out = new Error(message, { cause: error });
  out.name = 'GoogleAuthError';
  return out;
}
