namespace Growbin.RecycleInfo.Schedules;

/// <summary>
/// recycle-info's reads of the collection schedules (migration 0007), through PostgresBinding.QueryAsync. Only
/// rows of each 시·군·구's published import are read (joined through schedule_regions), so an import being staged is
/// never seen. $1 시·도, $2 시·군·구 without spaces (sigungu_key).
/// </summary>
public static class ScheduleQueries
{
    /// <summary>Most areas one answer lists.</summary>
    public const int MaxAreas = 20;

    /// <summary>
    /// $3 the area without spaces, found in the 관리구역명 or the 관리구역대상지역명 list (strpos: no LIKE wildcards);
    /// an exact 관리구역명 first, then by name and line.
    /// </summary>
    public const string FindAreas = """
        SELECT s.area_name, s.target_areas, s.place_type, s.place, s.general_method, s.food_method, s.recyclable_method,
               s.bulky_method, s.bulky_place, s.general_days, s.general_start, s.general_end, s.food_days, s.food_start,
               s.food_end, s.recyclable_days, s.recyclable_start, s.recyclable_end, s.skip_weekdays, s.skip_holidays,
               s.skip_dates, s.skip_notes, s.skip_text, s.department, s.department_phone, s.data_date::text, s.sido, s.sigungu
        FROM growbin.schedule_regions AS r
        JOIN growbin.collection_schedules AS s
          ON s.sido = r.sido AND s.sigungu_key = r.sigungu_key AND s.import_id = r.import_id
        WHERE r.sido = $1::text AND r.sigungu_key = $2::text
          AND (strpos(replace(s.area_name, ' ', ''), $3::text) > 0
               OR strpos(replace(coalesce(s.target_areas, ''), ' ', ''), $3::text) > 0)
        ORDER BY replace(s.area_name, ' ', '') = $3::text DESC, s.area_name, s.line
        LIMIT 20
        """;

    /// <summary>The 시·군·구's published name, when it has schedules at all (to tell "no such area" from "no data").</summary>
    public const string RegionImported = """
        SELECT r.sigungu FROM growbin.schedule_regions AS r WHERE r.sido = $1::text AND r.sigungu_key = $2::text
        """;
}
