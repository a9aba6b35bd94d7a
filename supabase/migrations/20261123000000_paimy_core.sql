-- Paimy's schema: plain Postgres that runs unchanged on Supabase, PostgreSQL and PGlite.
-- Logic that must be atomic lives in functions here so every store calls the same code.

create table if not exists user_mappings (
  slack_user_id  text primary key,
  slack_team_id  text,
  notion_user_id text,
  google_email   text,
  display_name   text,
  timezone       text,
  source         text not null default 'auto' check (source in ('auto', 'manual')),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);

create table if not exists conversation_context (
  slack_channel_id text not null,
  slack_thread_ts  text not null,
  messages         jsonb not null default '[]'::jsonb,  -- trimmed Claude message history
  entities         jsonb not null default '[]'::jsonb,  -- tasks/events/emails the thread referred to, in order
  last_task_id     text,
  last_task_name   text,
  expires_at       timestamptz not null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (slack_channel_id, slack_thread_ts)
);
create index if not exists conversation_context_expires_at on conversation_context (expires_at);

-- One row per claimed key: the envelope's event_id ('event:Ev…') and the message ('message:C…:ts').
-- Claimed, leased and finished through the functions in the claims migration.
create table if not exists processed_events (
  event_key   text primary key,
  event_id    text not null,
  status      text not null default 'running' check (status in ('running', 'done')),
  owner       text,
  lease_until timestamptz,
  claimed_at  timestamptz not null default now(),
  finished_at timestamptz
);
create index if not exists processed_events_claimed_at on processed_events (claimed_at);

-- Saves a thread's context in one statement (insert or replace).
create or replace function save_thread_context(
  p_channel_id text,
  p_thread_ts text,
  p_messages jsonb,
  p_entities jsonb,
  p_last_task_id text,
  p_last_task_name text,
  p_ttl_seconds integer
)
returns void
language sql
as $$
  insert into conversation_context as c
    (slack_channel_id, slack_thread_ts, messages, entities, last_task_id, last_task_name, expires_at)
  values
    (p_channel_id, p_thread_ts, p_messages, p_entities, p_last_task_id, p_last_task_name,
     now() + make_interval(secs => p_ttl_seconds))
  on conflict (slack_channel_id, slack_thread_ts) do update set
    messages = excluded.messages,
    entities = excluded.entities,
    last_task_id = excluded.last_task_id,
    last_task_name = excluded.last_task_name,
    expires_at = excluded.expires_at,
    updated_at = now();
$$;

-- Upserts a user mapping; a manual mapping is never overwritten by an automatic one.
create or replace function save_user_mapping(
  p_slack_user_id text,
  p_slack_team_id text,
  p_notion_user_id text,
  p_google_email text,
  p_display_name text,
  p_timezone text,
  p_source text
)
returns void
language sql
as $$
  insert into user_mappings as m
    (slack_user_id, slack_team_id, notion_user_id, google_email, display_name, timezone, source)
  values
    (p_slack_user_id, p_slack_team_id, p_notion_user_id, p_google_email, p_display_name, p_timezone, p_source)
  on conflict (slack_user_id) do update set
    slack_team_id = excluded.slack_team_id,
    notion_user_id = excluded.notion_user_id,
    google_email = excluded.google_email,
    display_name = excluded.display_name,
    timezone = excluded.timezone,
    source = excluded.source,
    updated_at = now()
  where m.source = 'auto' or excluded.source = 'manual';
$$;
