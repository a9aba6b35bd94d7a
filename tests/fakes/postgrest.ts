/**
 * A small PostgREST fake for Supabase's RPC endpoint, backed by a REAL PostgreSQL: point
 * supabase-js at `fake.url` and `supabase.rpc(fn, args)` runs the function in `schema`.
 *
 * What it does as PostgREST (v12/v13) does:
 * - `POST /rest/v1/rpc/<fn>` with a JSON object of named arguments (`GET`/`HEAD` with query
 *   parameters too, in a read-only transaction). The function is looked up by name AND by the
 *   argument names (PGRST202 when none fits, PGRST203 when several do); each argument is cast
 *   to the declared type, jsonb/json ones receive the JSON value itself (so a string stays a
 *   JSON string), others the value as text (numbers and booleans as their JSON text).
 * - Each request is one transaction with `search_path` set to the exposed schema (PostgREST
 *   sets it to `db-schemas` + `db-extra-search-path`), committed or, with `Prefer: tx=rollback`,
 *   rolled back.
 * - A scalar result comes back as JSON with 200 (`to_json` of the value; SQL NULL → `null`);
 *   a `returns void` function answers 204 without a body (PostgREST ≥ 10, PR #2058); a set
 *   returning one a JSON array.
 * - Errors are PostgREST's JSON `{code, message, details, hint}`: a Postgres error carries its
 *   SQLSTATE with PostgREST's status mapping (mostly 400); 401 PGRST301/PGRST302 for keys;
 *   404 PGRST202 for an unknown function; 406 PGRST106 for a schema that is not exposed.
 * - `apikey` AND `Authorization: Bearer <key>` must both be the service role key (Supabase's
 *   gateway checks the first, PostgREST the JWT in the second).
 * - `Content-Profile` (POST) / `Accept-Profile` (GET, HEAD) choose the schema: supabase-js
 *   sends `public` by default. The fake exposes the database schema `schema` under the API name
 *   `apiSchema` (default `public`), so tests can use a private schema per run.
 *
 * Every request is recorded in `calls`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

export interface PostgrestFakeOptions {
  /** Where the functions live (any search_path in it is overridden per request). */
  connectionString: string;
  /** The database schema holding the functions and tables. */
  schema: string;
  serviceRoleKey: string;
  /** The schema name clients ask for in Content-Profile/Accept-Profile. Default 'public'. */
  apiSchema?: string;
  /** Connections to PostgreSQL. Default 10. */
  poolSize?: number;
}

export interface PostgrestCall {
  method: string;
  /** e.g. /rest/v1/rpc/claim_event */
  path: string;
  /** The function name for /rest/v1/rpc/<fn> requests. */
  fn?: string;
  /** The named arguments (the JSON body, or the query parameters of a GET). */
  args?: Record<string, unknown>;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** Prefer header values, split at commas. */
  prefer: string[];
  status: number;
  /** The JSON response body (undefined for 204). */
  response?: unknown;
}

export interface PostgrestFake {
  /** http://127.0.0.1:PORT — the "Supabase URL" (supabase-js adds /rest/v1). */
  url: string;
  calls: PostgrestCall[];
  /** Calls of one function. */
  callsOf(fn: string): PostgrestCall[];
  close(): Promise<void>;
}

interface PgrstError {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Already-serialised JSON; undefined for no body. */
  body?: string;
}

interface Routine {
  name: string;
  /** Input parameters, in declaration order. */
  params: { name: string; type: string; required: boolean }[];
  returnsVoid: boolean;
  returnsSet: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

const errorReply = (status: number, error: PgrstError, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Proxy-Status': `PostgREST; error=${error.code}`, ...headers },
  body: JSON.stringify(error),
});

/** PostgREST's mapping of SQLSTATE to HTTP status (PostgREST.Error.mapSQLtoHTTP). */
export function httpStatusForSqlState(code: string, message = ''): number {
  if (code.startsWith('08')) return 503;
  if (code.startsWith('09')) return 500;
  if (code.startsWith('0L') || code.startsWith('0P')) return 403;
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code.startsWith('25') || code.startsWith('2D')) return 500;
  if (code.startsWith('28')) return 403;
  if (/^(38|39|3B|40|54|55|58|F0|HV|XX)/.test(code)) return 500;
  if (code === '53400') return 500;
  if (code.startsWith('53')) return 503;
  if (code === '57P01') return 503;
  if (code.startsWith('57')) return 500;
  if (code === 'P0001') return 400;
  if (code.startsWith('P0')) return 500;
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
  if (code === '42P01') return 404;
  if (code === '42P17') return 500;
  if (code === '42501') return 403; // authenticated (the service role)
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  return 400;
}

function parsePrefer(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function startPostgrestFake(options: PostgrestFakeOptions): Promise<PostgrestFake> {
  const { schema, serviceRoleKey } = options;
  const apiSchema = options.apiSchema ?? 'public';
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  pool.on('error', () => undefined); // an idle client dropped by the server; the next checkout reconnects
  const calls: PostgrestCall[] = [];

  async function findRoutines(name: string): Promise<Routine[]> {
    const { rows } = await pool.query<{
      names: string[] | null;
      modes: string[] | null;
      types: string[];
      nargs: number;
      ndefaults: number;
      returns_void: boolean;
      returns_set: boolean;
    }>(
      `select p.proargnames::text[] as names, p.proargmodes::text[] as modes,
              array(select format_type(t.oid, null) from unnest(p.proargtypes::oid[]) with ordinality as t(oid, n) order by t.n) as types,
              p.pronargs as nargs, p.pronargdefaults as ndefaults,
              p.prorettype = 'void'::regtype as returns_void, p.proretset as returns_set
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
      [schema, name],
    );
    return rows.map((r) => {
      // proargnames covers every argument (OUT ones too) when proargmodes is set; proargtypes only the inputs
      const allNames = r.names ?? [];
      const inputNames = r.modes ? allNames.filter((_, i) => ['i', 'b', 'v'].includes(r.modes?.[i] ?? 'i')) : allNames.slice(0, r.nargs);
      const firstOptional = r.nargs - r.ndefaults;
      return {
        name,
        params: r.types.map((type, i) => ({ name: inputNames[i] ?? '', type, required: i < firstOptional })),
        returnsVoid: r.returns_void,
        returnsSet: r.returns_set,
      };
    });
  }

  function noRpc(fn: string, keys: string[], overloads: Routine[]): Reply {
    const sorted = [...keys].sort();
    const list = sorted.join(', ');
    const candidate = overloads[0];
    return errorReply(404, {
      code: 'PGRST202',
      message: `Could not find the function ${apiSchema}.${fn}${keys.length ? `(${list})` : ' without parameters'} in the schema cache`,
      details: `Searched for the function ${apiSchema}.${fn}${
        keys.length ? ` with parameter${keys.length > 1 ? 's' : ''} ${list} or with a single unnamed json/jsonb parameter` : ' without parameters'
      }, but no matches were found in the schema cache.`,
      hint: candidate
        ? `Perhaps you meant to call the function ${apiSchema}.${fn}(${candidate.params.map((p) => p.name).sort().join(', ')})`
        : null,
    });
  }

  function toParam(value: unknown, type: string): unknown {
    if (value === null || value === undefined) return null;
    if (type === 'jsonb' || type === 'json') return JSON.stringify(value);
    if (Array.isArray(value) && type.endsWith('[]')) return value; // node-postgres writes an array literal
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  async function callRpc(
    method: string,
    fn: string,
    args: Record<string, unknown>,
    prefer: string[],
    headers: Record<string, string>,
    path: string,
  ): Promise<Reply> {
    const keys = Object.keys(args);
    if (!IDENT.test(fn)) return noRpc(fn, keys, []);
    const overloads = await findRoutines(fn);
    const fits = overloads.filter(
      (r) => keys.every((k) => r.params.some((p) => p.name === k)) && r.params.every((p) => !p.required || keys.includes(p.name)),
    );
    if (fits.length === 0) return noRpc(fn, keys, overloads);
    if (fits.length > 1) {
      return errorReply(300, {
        code: 'PGRST203',
        message: `Could not choose the best candidate function between: ${fits
          .map((r) => `${apiSchema}.${fn}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`)
          .join(', ')}`,
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      });
    }
    const routine = fits[0] as Routine;
    const readOnly = method === 'GET' || method === 'HEAD';

    const used = routine.params.filter((p) => keys.includes(p.name));
    const params = used.map((p) => toParam(args[p.name], p.type));
    const list = used.map((p, i) => `${quoteIdent(p.name)} => $${i + 1}::${p.type}`).join(', ');
    const call = `${quoteIdent(schema)}.${quoteIdent(fn)}(${list})`;
    const sql = routine.returnsVoid
      ? `select ${call}`
      : routine.returnsSet
        ? `select coalesce(json_agg(r), '[]')::text as body from ${call} as r`
        : `select coalesce(to_json(${call}), 'null')::text as body`;

    const rollback = prefer.includes('tx=rollback');
    const client = await pool.connect();
    let body: string | undefined;
    try {
      await client.query(readOnly ? 'begin isolation level read committed read only' : 'begin isolation level read committed');
      await client.query(
        `select set_config('search_path', $1, true), set_config('request.jwt.claims', $2, true), set_config('request.method', $3, true),
                set_config('request.path', $4, true), set_config('request.headers', $5, true)`,
        [quoteIdent(schema), JSON.stringify({ role: 'service_role' }), method, path, JSON.stringify(headers)],
      );
      const { rows } = await client.query<{ body: string }>(sql, params);
      body = routine.returnsVoid ? undefined : (rows[0]?.body ?? 'null');
      await client.query(rollback ? 'rollback' : 'commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      const e = error as pg.DatabaseError;
      if (typeof e.code !== 'string') throw error;
      return errorReply(httpStatusForSqlState(e.code, e.message), {
        code: e.code,
        message: e.message,
        details: e.detail ?? null,
        hint: e.hint ?? null,
      });
    } finally {
      client.release();
    }

    const applied = prefer.filter((p) => p === 'tx=rollback' || p === 'tx=commit');
    const count = prefer.find((p) => /^count=(exact|planned|estimated)$/.test(p));
    const replyHeaders: Record<string, string> = {};
    if (applied.length) replyHeaders['Preference-Applied'] = applied.join(', ');
    if (routine.returnsVoid) return { status: 204, headers: replyHeaders };
    const n = routine.returnsSet ? (JSON.parse(body ?? '[]') as unknown[]).length : 1;
    replyHeaders['Content-Range'] = n === 0 ? `*/${count ? 0 : '*'}` : `0-${n - 1}/${count ? n : '*'}`;
    return { status: 200, headers: replyHeaders, body };
  }

  async function handle(req: IncomingMessage, rawBody: string, record: PostgrestCall): Promise<Reply> {
    const headers = record.headers;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = record.method;

    // Supabase's gateway: the apikey header must name a project key.
    const apikey = headers['apikey'] ?? url.searchParams.get('apikey') ?? undefined;
    if (apikey === undefined) {
      return errorReply(401, {
        code: 'PGRST301',
        message: 'No API key found in request',
        details: null,
        hint: 'No `apikey` request header or url param was found.',
      });
    }
    if (apikey !== serviceRoleKey) {
      return errorReply(401, {
        code: 'PGRST301',
        message: 'Invalid API key',
        details: null,
        hint: 'Double check your Supabase `anon` or `service_role` API key.',
      });
    }
    // PostgREST: the JWT in Authorization decides the role; only the service role is known here.
    const auth = headers['authorization'];
    const bearer = auth?.match(/^bearer\s+(.*)$/i)?.[1]?.trim();
    if (auth === undefined) {
      return errorReply(401, { code: 'PGRST302', message: 'Anonymous access is disabled', details: null, hint: null }, { 'WWW-Authenticate': 'Bearer' });
    }
    if (bearer === undefined || bearer === '') {
      const message = 'Empty JWT is sent in Authorization header';
      return errorReply(401, { code: 'PGRST301', message, details: null, hint: null }, { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` });
    }
    if (bearer !== serviceRoleKey) {
      const message = 'JWT cryptographic operation failed';
      return errorReply(401, { code: 'PGRST301', message, details: null, hint: null }, { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` });
    }

    const match = url.pathname.match(/^\/rest\/v1\/rpc\/([^/]+)$/);
    if (!url.pathname.startsWith('/rest/v1/')) {
      return errorReply(404, { code: 'PGRST125', message: 'Invalid path specified in request URL', details: null, hint: null });
    }
    if (!match) {
      const table = url.pathname.slice('/rest/v1/'.length);
      return errorReply(404, {
        code: 'PGRST205',
        message: `Could not find the table '${apiSchema}.${table}' in the schema cache`,
        details: null,
        hint: 'This fake serves /rest/v1/rpc/<function> only.',
      });
    }
    const fn = decodeURIComponent(match[1] as string);
    record.fn = fn;

    if (!['POST', 'GET', 'HEAD'].includes(method)) {
      return errorReply(405, { code: 'PGRST101', message: `Cannot use the ${method} method on RPC`, details: null, hint: null });
    }
    const readOnly = method === 'GET' || method === 'HEAD';
    const profile = (readOnly ? headers['accept-profile'] : headers['content-profile']) ?? apiSchema;
    if (profile !== apiSchema) {
      return errorReply(406, { code: 'PGRST106', message: `Invalid schema: ${profile}`, details: null, hint: `Only the following schemas are exposed: ${apiSchema}` });
    }

    const prefer = record.prefer;
    const unknownPrefs = prefer.filter((p) => !/^(tx=(commit|rollback)|count=(exact|planned|estimated)|return=(minimal|representation|headers-only)|handling=(strict|lenient)|missing=(default|null)|timezone=.+|max-affected=\d+)$/.test(p));
    if (prefer.includes('handling=strict') && unknownPrefs.length) {
      return errorReply(400, { code: 'PGRST122', message: 'Invalid preferences given with handling=strict', details: `Invalid preferences: ${unknownPrefs.join(', ')}`, hint: null });
    }

    let args: Record<string, unknown>;
    if (readOnly) {
      args = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'apikey'));
    } else {
      const contentType = headers['content-type'] ?? 'application/json';
      if (!contentType.startsWith('application/json')) {
        return errorReply(415, { code: 'PGRST107', message: `None of these media types are available: ${contentType}`, details: null, hint: 'This fake takes JSON bodies only.' });
      }
      let parsed: unknown;
      try {
        parsed = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
      } catch (error) {
        return errorReply(400, { code: 'PGRST102', message: 'Empty or invalid json', details: (error as Error).message, hint: null });
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return errorReply(400, { code: 'PGRST102', message: 'Empty or invalid json', details: 'The body must be a JSON object of named arguments', hint: null });
      }
      args = parsed as Record<string, unknown>;
    }
    record.args = args;
    const reply = await callRpc(method, fn, args, prefer, headers, url.pathname);
    return method === 'HEAD' ? { ...reply, body: undefined } : reply;
  }

  function send(res: ServerResponse, reply: Reply) {
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.status !== 204) headers['Content-Type'] = 'application/json; charset=utf-8';
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : reply.body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const record: PostgrestCall = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        headers: flatHeaders(req),
        prefer: parsePrefer(req.headers['prefer']),
        status: 0,
      };
      calls.push(record);
      handle(req, rawBody, record)
        .catch((error: unknown): Reply => ({
          status: 500,
          body: JSON.stringify({ code: 'PGRSTX00', message: `fake failure: ${error instanceof Error ? error.message : String(error)}`, details: null, hint: null }),
        }))
        .then((reply) => {
          record.status = reply.status;
          record.response = reply.body === undefined ? undefined : (JSON.parse(reply.body) as unknown);
          send(res, reply);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (fn) => calls.filter((c) => c.fn === fn),
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        });
        await pool.end();
      })()),
  };
}
