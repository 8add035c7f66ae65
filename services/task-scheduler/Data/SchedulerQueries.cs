namespace Growbin.TaskScheduler.Data;

/// <summary>
/// task-scheduler's SQL, sent through the growbin-db binding (tables of migrations 0004 and 0005; the image purge reads
/// userinfo's growbin.scan_history along the index of migration 0006). Writes are
/// <c>exec</c> and check the rows affected; every statement here is run on a real PostgreSQL by the tests.
/// </summary>
internal static class SchedulerQueries
{
    /// <summary>$1 event id … $7 received at. One row affected when new, none when the event id is already stored.</summary>
    public const string AddDeadLetter = """
        INSERT INTO growbin.dead_letters (event_id, topic, pubsub, type, source, raw_event, received_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>$1 limit: the newest dead letters first.</summary>
    public const string RecentDeadLetters = """
        SELECT event_id, topic, pubsub, type, source, raw_event, received_at
        FROM growbin.dead_letters
        ORDER BY received_at DESC, event_id DESC
        LIMIT $1::int
        """;

    /// <summary>$1 day … $5 reported at. One row affected, whether the day is new or reported again.</summary>
    public const string RecordAiUsage = """
        INSERT INTO growbin.ai_usage_daily (day, calls, tokens, cost_usd, reported_at)
        VALUES ($1::date, $2::bigint, $3::bigint, $4::numeric, $5::timestamptz)
        ON CONFLICT (day) DO UPDATE
            SET calls = EXCLUDED.calls, tokens = EXCLUDED.tokens, cost_usd = EXCLUDED.cost_usd, reported_at = EXCLUDED.reported_at
        """;

    /// <summary>
    /// $1 a JSON array of image keys (as text: the binding sends every argument untyped). The keys some history row still
    /// names, along scan_history_image_key.
    /// </summary>
    public const string ReferencedImages = """
        SELECT DISTINCT h.image_key
        FROM growbin.scan_history h
        WHERE h.image_key IN (SELECT jsonb_array_elements_text($1::jsonb))
        """;
}
