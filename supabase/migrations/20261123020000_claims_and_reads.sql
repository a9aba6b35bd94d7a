-- Exactly-once under retries, replicas and crashes.
--
-- processed_events rows carry a status and a lease: a retry that arrives while the first run is
-- alive is refused; a claim whose process died (lease expired) is taken over and finished.
-- event_journal records each step of a run (Claude's answers, write-tool results, the posted
-- reply) so a takeover replays them instead of doing anything twice.
-- Reads are functions too, so Supabase (rpc) and SQL clients call the very same code.

-- Claims an event under all its keys. Returns {outcome, event_id}: outcome is 'claimed' (new),
-- 'taken_over' (its earlier owner's lease expired) or 'duplicate'; event_id is the id whose
-- journal the run must use: on a takeover, the id that first claimed these keys, so a message
-- delivered again under another event id (the app_mention / message twin) replays the same
-- journal. Every key row of that event moves to the new owner, so the old owner's renewals fail.
create or replace function claim_event(p_event_id text, p_keys jsonb, p_owner text, p_lease_seconds integer)
returns jsonb
language plpgsql
as $$
declare
  k text;
  blocking integer;
  existing integer;
  adopted text;
  lease timestamptz := now() + make_interval(secs => p_lease_seconds);
begin
  if jsonb_array_length(p_keys) = 0 then
    raise exception 'claim_event needs at least one key';
  end if;
  -- Serialize claims over the same keys across connections and replicas.
  for k in select distinct jsonb_array_elements_text(p_keys) order by 1 loop
    perform pg_advisory_xact_lock(hashtext('paimy:event:' || k));
  end loop;

  delete from processed_events
   where claimed_at < now() - interval '48 hours' and (status = 'done' or lease_until < now());

  select count(*) filter (where status = 'done' or lease_until >= now()), count(*)
    into blocking, existing
    from processed_events where event_key in (select jsonb_array_elements_text(p_keys));
  if blocking > 0 then
    return jsonb_build_object('outcome', 'duplicate', 'event_id', p_event_id);
  end if;

  adopted := p_event_id;
  if existing > 0 then
    select event_id into adopted from processed_events
     where event_key in (select jsonb_array_elements_text(p_keys))
     order by claimed_at, event_key limit 1;
    update processed_events set owner = p_owner, lease_until = lease, status = 'running'
     where event_id = adopted;
  end if;

  insert into processed_events (event_key, event_id, status, owner, lease_until)
  select distinct k2, adopted, 'running', p_owner, lease
    from jsonb_array_elements_text(p_keys) as k2
  on conflict (event_key) do update
    set event_id = excluded.event_id, status = 'running', owner = excluded.owner,
        lease_until = excluded.lease_until;
  return jsonb_build_object('outcome', case when existing > 0 then 'taken_over' else 'claimed' end, 'event_id', adopted);
end;
$$;

-- Keeps a running claim alive; false when another owner took it over meanwhile.
create or replace function renew_event_lease(p_event_id text, p_owner text, p_lease_seconds integer)
returns boolean
language plpgsql
as $$
begin
  update processed_events
     set lease_until = now() + make_interval(secs => p_lease_seconds)
   where event_id = p_event_id and owner = p_owner and status = 'running';
  return found;
end;
$$;

create or replace function finish_event(p_event_id text, p_owner text)
returns void
language sql
as $$
  update processed_events set status = 'done', finished_at = now(), lease_until = null
   where event_id = p_event_id and owner = p_owner;
$$;

-- Claims whose owner died: a surviving replica finishes them.
create or replace function expired_event_claims(p_limit integer)
returns jsonb
language sql
as $$
  select coalesce(jsonb_agg(event_id), '[]'::jsonb)
    from (select distinct event_id from processed_events
           where status = 'running' and lease_until < now()
           order by event_id limit p_limit) as expired;
$$;

create table if not exists event_journal (
  event_id   text not null,
  step_key   text not null,
  value      jsonb not null,
  created_at timestamptz not null default now(),
  primary key (event_id, step_key)
);
create index if not exists event_journal_created_at on event_journal (created_at);

-- The payload a takeover needs to rerun an event (the narrowed Slack message).
-- First writer wins: returns the value stored under the key, whoever stored it.
create or replace function journal_put(p_event_id text, p_step_key text, p_value jsonb)
returns jsonb
language plpgsql
as $$
declare
  stored jsonb;
begin
  delete from event_journal where created_at < now() - interval '48 hours';
  insert into event_journal (event_id, step_key, value) values (p_event_id, p_step_key, p_value)
  on conflict (event_id, step_key) do nothing;
  select value into stored from event_journal where event_id = p_event_id and step_key = p_step_key;
  return stored;
end;
$$;

create or replace function journal_get(p_event_id text, p_step_key text)
returns jsonb
language sql
as $$
  select value from event_journal where event_id = p_event_id and step_key = p_step_key;
$$;

create or replace function get_user_mapping(p_slack_user_id text)
returns jsonb
language sql
as $$
  select to_jsonb(m) from user_mappings m where slack_user_id = p_slack_user_id;
$$;

create or replace function get_thread_context(p_channel_id text, p_thread_ts text)
returns jsonb
language sql
as $$
  select to_jsonb(c) from conversation_context c
   where slack_channel_id = p_channel_id and slack_thread_ts = p_thread_ts and expires_at > now();
$$;

create or replace function ping()
returns boolean
language sql
as $$ select true; $$;
