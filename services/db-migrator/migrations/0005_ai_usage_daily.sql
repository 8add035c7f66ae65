-- One row per UTC day of AI usage (calls, tokens, cost), written by task-scheduler's daily report from that day's AI
-- budget actor, so the spending history can be read and summed in SQL rather than one actor state at a time.
-- A second report of the same day replaces the numbers.
CREATE TABLE growbin.ai_usage_daily (
    day         date          PRIMARY KEY,
    calls       bigint        NOT NULL CHECK (calls >= 0),
    tokens      bigint        NOT NULL CHECK (tokens >= 0),
    cost_usd    numeric(14,6) NOT NULL CHECK (cost_usd >= 0),
    reported_at timestamptz   NOT NULL
);
