// Google's OAuth token endpoint for the service-account JWT-bearer grant (RFC 7523), as used
// with domain-wide delegation: https://developers.google.com/identity/protocols/oauth2/service-account
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { FakeResponse } from './http-server';
import { isObj } from './google-common';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface TokenGrant {
  /** The impersonated user (lower-cased), or the service account itself when the JWT had no `sub`. */
  sub: string;
  scopes: string[];
  expiresAt: number;
}

export interface TokenExchange {
  response: FakeResponse;
  /** Claims of the assertion when it could be decoded (even if the grant was refused). */
  sub?: string;
  scopes?: string[];
}

const oauthError = (status: number, error: string, description: string): FakeResponse => ({
  status,
  body: { error, error_description: description },
});

const SHORT_LIVED =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

export class TokenAuthority {
  private readonly publicKey: KeyObject;
  /** null = every scope is granted to the client id for domain-wide delegation. */
  granted: Set<string> | null = null;
  readonly tokens = new Map<string, TokenGrant>();

  constructor(
    private readonly serviceAccountEmail: string,
    publicKeyPem: string,
    private readonly users: Set<string>,
    private readonly audiences: string[],
  ) {
    this.publicKey = createPublicKey(publicKeyPem);
  }

  exchange(form: URLSearchParams): TokenExchange {
    const grantType = form.get('grant_type');
    if (grantType !== JWT_BEARER) {
      return { response: oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`) };
    }
    const assertion = form.get('assertion') ?? '';
    const [h, p, s, ...rest] = assertion.split('.');
    if (h === undefined || p === undefined || s === undefined || rest.length > 0) {
      return { response: oauthError(400, 'invalid_request', 'Invalid JWT: Malformed.') };
    }
    let header: unknown;
    let claims: unknown;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return { response: oauthError(400, 'invalid_request', 'Invalid JWT: Malformed.') };
    }
    if (!isObj(header) || !isObj(claims) || header.alg !== 'RS256') {
      return { response: oauthError(400, 'invalid_grant', 'Invalid JWT Signature.') };
    }
    const sub = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : undefined;
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
    const seen = { ...(sub !== undefined ? { sub } : {}), scopes };
    const signatureOk = verify('sha256', Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, 'base64url'));
    if (!signatureOk) return { ...seen, response: oauthError(400, 'invalid_grant', 'Invalid JWT Signature.') };
    if (claims.iss !== this.serviceAccountEmail) {
      return { ...seen, response: oauthError(400, 'invalid_grant', 'Invalid grant: account not found') };
    }
    if (typeof claims.aud !== 'string' || !this.audiences.includes(claims.aud)) {
      return {
        ...seen,
        response: oauthError(400, 'invalid_grant', `Invalid JWT: Failed audience check. The expected value was ${GOOGLE_TOKEN_URL}.`),
      };
    }
    // Real time, not the fake's clock: gtoken signs iat/exp with Date.now().
    const nowSec = Math.floor(Date.now() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= nowSec || exp - iat > 3600 || iat > nowSec + 300) {
      return { ...seen, response: oauthError(400, 'invalid_grant', SHORT_LIVED) };
    }
    if (scopes.length === 0) {
      return { ...seen, response: oauthError(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.') };
    }
    const granted = this.granted;
    if (sub !== undefined && granted && !scopes.every((sc) => granted.has(sc))) {
      return {
        ...seen,
        response: oauthError(
          401,
          'unauthorized_client',
          'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
        ),
      };
    }
    if (sub !== undefined && !this.users.has(sub)) {
      return { ...seen, response: oauthError(400, 'invalid_grant', 'Invalid email or User ID') };
    }
    const accessToken = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, {
      sub: sub ?? this.serviceAccountEmail.toLowerCase(),
      scopes,
      expiresAt: Date.now() + 3600_000,
    });
    return { ...seen, response: { status: 200, body: { access_token: accessToken, expires_in: 3600, token_type: 'Bearer' } } };
  }

  /** The grant behind `Authorization: Bearer <token>`, if valid and unexpired. */
  lookup(authorization: string | undefined): TokenGrant | undefined {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const grant = token ? this.tokens.get(token) : undefined;
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }
}
