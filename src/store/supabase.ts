/**
 * The Supabase store: the same SQL functions, called through PostgREST's RPC endpoint with
 * supabase-js (`rpc(fn, args)`) and the service role key. The schema comes from the same
 * supabase/migrations files (`supabase db push`). Source of truth:
 * https://supabase.com/docs/reference/javascript/rpc
 */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { JsonArg, createFunctionStore } from './function-store';
import type { Store } from './store';

export class SupabaseStoreError extends Error {
  override name = 'SupabaseStoreError';
}

/** @throws SupabaseStoreError on the first call when PostgREST answers with an error */
export function openSupabaseStore(url: string, serviceRoleKey: string): Store {
  const client = createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket; supabase-js wants one for realtime even when unused.
    realtime: { transport: WebSocket as never },
  });
  return createFunctionStore(
    async function callRpc(fn, args) {
      const plain = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v instanceof JsonArg ? v.value : v]));
      const { data, error } = await client.rpc(fn, plain);
      if (error) throw new SupabaseStoreError(`Supabase rpc ${fn} failed: ${error.message}${error.code ? ` (${error.code})` : ''}`);
      return data;
    },
    async () => {
      await client.removeAllChannels();
    },
  );
}
