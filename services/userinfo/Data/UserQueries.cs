namespace Growbin.UserInfo.Data;

/// <summary>
/// Every statement userinfo sends through the growbin-db binding, in one place. Arguments are always <c>$n</c>
/// parameters: the binding sends them untyped, so each is cast where its type matters, and uuids and timestamps come
/// back as text (<c>::text</c>) or RFC 3339 strings (the binding's JSON for timestamptz, in the sidecar's time zone).
/// Reads go through PostgresBinding.QueryAsync (which tells "no row" from "failed"), writes through ExecAsync.
/// </summary>
public static class UserQueries
{
    /// <summary>The profile columns, in the order <see cref="UserStore"/> reads them.</summary>
    private const string ProfileColumns = "id::text, nickname, profile_image_url, region, created_at, updated_at";

    /// <summary>The history columns, in the order <see cref="ScanHistoryStore"/> reads them.</summary>
    private const string HistoryColumns = "scan_id, item_id, item_name, category, answer_summary, image_key, completed_at";

    /// <summary>$1 user id.</summary>
    public const string GetProfile = $"""
        SELECT {ProfileColumns}
        FROM growbin.users
        WHERE id = $1::uuid
        """;

    /// <summary>
    /// $1 user id, $2 nickname, $3 profile image URL or null, $4 region or null. A full replace (PUT), sent with exec:
    /// rows affected 0 means no such user; the profile is then read with <see cref="GetProfile"/>.
    /// </summary>
    public const string ReplaceProfile = """
        UPDATE growbin.users
        SET nickname = $2::text, profile_image_url = $3::text, region = $4::text, updated_at = now()
        WHERE id = $1::uuid
        """;

    /// <summary>
    /// $1 user id. Identities and scan history go with the row (ON DELETE CASCADE), in this one statement, and so do the
    /// dead letters task-scheduler stored that name the user anywhere (a uuid does not occur by chance), except those of
    /// user-deleted itself: such a letter is the record that an app has not purged an account yet, kept for an operator
    /// to replay. Rows affected are the users rows only (the command tag is the DELETE's, not the CTE's).
    /// </summary>
    public const string DeleteUser = """
        WITH dead_letters AS (
            DELETE FROM growbin.dead_letters
            WHERE strpos(raw_event, $1::uuid::text) > 0
              AND topic IS DISTINCT FROM 'user-deleted'
        )
        DELETE FROM growbin.users
        WHERE id = $1::uuid
        """;

    /// <summary>$1 user id, $2 page size. Newest first along the index scan_history_user_completed.</summary>
    public const string FirstHistoryPage = $"""
        SELECT {HistoryColumns}
        FROM growbin.scan_history
        WHERE user_id = $1::uuid
        ORDER BY completed_at DESC, scan_id DESC
        LIMIT $2::int
        """;

    /// <summary>
    /// $1 user id, $2 page size, $3 completed_at and $4 scan_id of the last row already seen. The row comparison
    /// continues strictly after that row in (completed_at DESC, scan_id DESC) order, so ties on completed_at are
    /// neither skipped nor repeated, and it is an index condition on scan_history_user_completed.
    /// </summary>
    public const string NextHistoryPage = $"""
        SELECT {HistoryColumns}
        FROM growbin.scan_history
        WHERE user_id = $1::uuid
          AND (completed_at, scan_id) < ($3::timestamptz, $4::text)
        ORDER BY completed_at DESC, scan_id DESC
        LIMIT $2::int
        """;

    /// <summary>
    /// $1 scan id, $2 user id, $3 item id or null, $4 item name, $5 category, $6 answer summary, $7 image key,
    /// $8 completed at. scan_id is the natural key: a redelivered event changes nothing.
    /// </summary>
    public const string RecordScan = """
        INSERT INTO growbin.scan_history
            (scan_id, user_id, item_id, item_name, category, answer_summary, image_key, completed_at)
        VALUES ($1::text, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::timestamptz)
        ON CONFLICT (scan_id) DO NOTHING
        """;
}
