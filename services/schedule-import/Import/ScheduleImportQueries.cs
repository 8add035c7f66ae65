namespace Growbin.ScheduleImport.Import;

/// <summary>
/// The importer's statements, sent through the growbin-db binding's <c>exec</c> (which reports every error and the rows
/// affected) with <c>$n</c> parameters cast in SQL. An import is <see cref="Begin"/>, <see cref="Stage"/> per batch, then
/// <see cref="Publish"/>: the binding has no transaction spanning calls, so the rows are written where no reader looks
/// (under a new import id) and made current in one statement, which PostgreSQL runs atomically.
/// </summary>
public static class ScheduleImportQueries
{
    /// <summary>
    /// $1 import id, $2 file name. Registers the import, and deletes what earlier imports left: staged rows of imports
    /// never published (stopped half-way) a day after they started — younger ones may still be running — and
    /// published imports no 시·군·구 points at any more (their rows went when they were replaced). Rows affected: 1.
    /// </summary>
    public const string Begin = """
        WITH stale AS (
            DELETE FROM growbin.schedule_imports AS i
            WHERE (i.published_at IS NULL AND i.started_at < now() - interval '1 day')
               OR (i.published_at IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM growbin.schedule_regions AS r WHERE r.import_id = i.import_id))
        )
        INSERT INTO growbin.schedule_imports (import_id, file_name) VALUES ($1::uuid, $2::text)
        """;

    /// <summary>$1 import id, $2 a JSON array of rows (<see cref="ScheduleWriter"/> writes them). Rows affected = rows staged.</summary>
    public const string Stage = """
        INSERT INTO growbin.collection_schedules
            (import_id, line, sido, sigungu, area_name, target_areas, place_type, place,
             general_method, food_method, recyclable_method, bulky_method, bulky_place,
             general_days, general_start, general_end, food_days, food_start, food_end,
             recyclable_days, recyclable_start, recyclable_end,
             skip_weekdays, skip_holidays, skip_dates, skip_notes, skip_text, department, department_phone, data_date)
        SELECT $1::uuid, r.line, r.sido, r.sigungu, r.area_name, r.target_areas, r.place_type, r.place,
               r.general_method, r.food_method, r.recyclable_method, r.bulky_method, r.bulky_place,
               r.general_days, r.general_start, r.general_end, r.food_days, r.food_start, r.food_end,
               r.recyclable_days, r.recyclable_start, r.recyclable_end,
               r.skip_weekdays, r.skip_holidays, r.skip_dates, r.skip_notes, r.skip_text, r.department, r.department_phone, r.data_date
        FROM jsonb_to_recordset($2::jsonb) AS r(
            line int, sido text, sigungu text, area_name text, target_areas text, place_type text, place text,
            general_method text, food_method text, recyclable_method text, bulky_method text, bulky_place text,
            general_days smallint[], general_start smallint, general_end smallint,
            food_days smallint[], food_start smallint, food_end smallint,
            recyclable_days smallint[], recyclable_start smallint, recyclable_end smallint,
            skip_weekdays smallint[], skip_holidays text[], skip_dates text[], skip_notes text[], skip_text text,
            department text, department_phone text, data_date date)
        """;

    /// <summary>
    /// $1 import id. Makes the import current for every 시·군·구 it has rows of, in one statement: each region's row in
    /// schedule_regions now names this import, and the region's rows of other published imports are deleted. Staged
    /// rows of imports still running are unpublished and stay. (Two imports of one region publishing at the same moment
    /// take turns on the region's row; the loser's rows may survive the winner's delete, unread since no region names
    /// them, until the next import's <see cref="Begin"/> removes that import.) A region the file has no good row of
    /// keeps its data; publishing the same import twice does nothing. Rows affected = regions published.
    /// </summary>
    public const string Publish = """
        WITH published AS (
            UPDATE growbin.schedule_imports SET published_at = now()
            WHERE import_id = $1::uuid AND published_at IS NULL
            RETURNING import_id
        ), covered AS (
            SELECT DISTINCT ON (s.sido, s.sigungu_key) s.sido, s.sigungu_key, s.sigungu
            FROM growbin.collection_schedules AS s JOIN published AS p ON p.import_id = s.import_id
            ORDER BY s.sido, s.sigungu_key, s.line
        ), removed AS (
            DELETE FROM growbin.collection_schedules AS s
            USING covered AS c, growbin.schedule_imports AS i
            WHERE s.sido = c.sido AND s.sigungu_key = c.sigungu_key AND s.import_id <> $1::uuid
              AND i.import_id = s.import_id AND i.published_at IS NOT NULL
        )
        INSERT INTO growbin.schedule_regions (sido, sigungu_key, sigungu, import_id, published_at)
        SELECT c.sido, c.sigungu_key, c.sigungu, $1::uuid, now() FROM covered AS c
        ON CONFLICT (sido, sigungu_key) DO UPDATE
            SET sigungu = EXCLUDED.sigungu, import_id = EXCLUDED.import_id, published_at = EXCLUDED.published_at
        """;
}
