-- Actions that wait for the requester's confirmation (calendar writes that notify attendees,
-- deletions). A click takes the action atomically, so it runs exactly once, for its requester only.

create table if not exists pending_actions (
  id                 uuid primary key default gen_random_uuid(),
  kind               text not null,
  payload            jsonb not null,
  preview            text not null,
  requester_slack_id text not null,
  slack_channel_id   text not null,
  slack_thread_ts    text not null,
  slack_event_id     text not null,
  tool_use_id        text not null,
  status             text not null default 'pending'
                     check (status in ('pending', 'running', 'done', 'cancelled', 'failed')),
  result             jsonb,
  message_ts         text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  expires_at         timestamptz not null,
  unique (slack_event_id, tool_use_id)
);

-- Stores a pending action once per (event, tool call): a rerun of the same event gets the same row.
create or replace function create_pending_action(
  p_kind text, p_payload jsonb, p_preview text, p_requester text, p_channel text,
  p_thread_ts text, p_event_id text, p_tool_use_id text, p_ttl_seconds integer
)
returns jsonb
language plpgsql
as $$
declare
  row pending_actions;
begin
  insert into pending_actions
    (kind, payload, preview, requester_slack_id, slack_channel_id, slack_thread_ts, slack_event_id, tool_use_id, expires_at)
  values
    (p_kind, p_payload, p_preview, p_requester, p_channel, p_thread_ts, p_event_id, p_tool_use_id,
     now() + make_interval(secs => p_ttl_seconds))
  on conflict (slack_event_id, tool_use_id) do nothing;
  select * into row from pending_actions where slack_event_id = p_event_id and tool_use_id = p_tool_use_id;
  return to_jsonb(row);
end;
$$;

-- A click on confirm or cancel. Only the requester's click on a still-pending, unexpired action
-- takes it ('taken'); anything else says why not and changes nothing.
create or replace function take_pending_action(p_id uuid, p_user text, p_decision text)
returns jsonb
language plpgsql
as $$
declare
  row pending_actions;
begin
  update pending_actions
     set status = case when p_decision = 'confirm' then 'running' else 'cancelled' end,
         updated_at = now()
   where id = p_id and status = 'pending' and requester_slack_id = p_user and expires_at > now()
  returning * into row;
  if found then
    return jsonb_build_object('outcome', 'taken', 'action', to_jsonb(row));
  end if;
  select * into row from pending_actions where id = p_id;
  if not found then
    return jsonb_build_object('outcome', 'not_found');
  elsif row.requester_slack_id <> p_user then
    return jsonb_build_object('outcome', 'not_requester', 'action', to_jsonb(row));
  elsif row.status <> 'pending' then
    return jsonb_build_object('outcome', 'already_' || row.status, 'action', to_jsonb(row));
  else
    return jsonb_build_object('outcome', 'expired', 'action', to_jsonb(row));
  end if;
end;
$$;

create or replace function finish_pending_action(p_id uuid, p_status text, p_result jsonb)
returns void
language sql
as $$
  update pending_actions set status = p_status, result = p_result, updated_at = now() where id = p_id;
$$;

create or replace function set_pending_action_message(p_id uuid, p_message_ts text)
returns void
language sql
as $$
  update pending_actions set message_ts = p_message_ts, updated_at = now() where id = p_id;
$$;
