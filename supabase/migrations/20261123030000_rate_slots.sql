-- Shared pacing for rate-limited APIs (Notion allows about 3 requests per second per
-- integration): every replica reserves the next free slot of a key here, so the limit holds
-- across processes, not just within one.

create table if not exists rate_slots (
  key     text primary key,
  next_at timestamptz not null
);

-- Reserves the next slot for `p_key`, `p_interval_ms` after the previous one.
-- Returns how long (ms) the caller must wait before using it (0 when it is free now).
create or replace function take_rate_slot(p_key text, p_interval_ms integer)
returns integer
language plpgsql
as $$
declare
  slot timestamptz;
begin
  insert into rate_slots as r (key, next_at)
  values (p_key, clock_timestamp() + make_interval(secs => p_interval_ms / 1000.0))
  on conflict (key) do update
    set next_at = greatest(r.next_at, clock_timestamp()) + make_interval(secs => p_interval_ms / 1000.0)
  returning next_at - make_interval(secs => p_interval_ms / 1000.0) into slot;
  return greatest(0, ceil(extract(epoch from (slot - clock_timestamp())) * 1000))::integer;
end;
$$;
