using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Data;

namespace Growbin.RecycleInfo.Schedules;

/// <summary>Collection schedules in PostgreSQL, read through the <see cref="DaprComponents.Database"/> binding.</summary>
public sealed class ScheduleStore(PostgresBinding db)
{
    public async Task<IReadOnlyList<AreaSchedule>> FindAsync(string sido, string sigungu, string area, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(ScheduleQueries.FindAreas, [sido, Key(sigungu), Key(area)], cancellationToken);
        return rows.Select(ToSchedule).ToList();
    }

    /// <summary>Whether the 시·군·구 has a published import.</summary>
    public async Task<bool> HasRegionAsync(string sido, string sigungu, CancellationToken cancellationToken) =>
        (await db.QueryAsync(ScheduleQueries.RegionImported, [sido, Key(sigungu)], cancellationToken)).Count > 0;

    /// <summary>Names compare without spaces ("성남시 분당구" = "성남시분당구"), as sigungu_key does.</summary>
    public static string Key(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    // Columns in ScheduleQueries.FindAreas order.
    private static AreaSchedule ToSchedule(JsonElement[] row) => new(
        Text(row[26])!,
        Text(row[27])!,
        Text(row[0])!,
        Text(row[1]),
        Text(row[2]),
        Text(row[3]),
        Waste(row[9], row[10], row[11], row[4]),
        Waste(row[12], row[13], row[14], row[5]),
        Waste(row[15], row[16], row[17], row[6]),
        Text(row[7]),
        Text(row[8]),
        new NonCollectionRule(Days(row[18]), Strings(row[19]), Strings(row[20]), Strings(row[21]), Text(row[22])),
        Text(row[23]),
        Text(row[24]),
        Text(row[25])!);

    private static WasteRule Waste(JsonElement days, JsonElement start, JsonElement end, JsonElement method) =>
        new(Days(days), Minutes(start), Minutes(end), Text(method));

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();

    private static int? Minutes(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();

    private static HashSet<int> Days(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(d => d.GetInt32()).ToHashSet() : [];

    private static List<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(s => s.GetString()!).ToList() : [];
}
