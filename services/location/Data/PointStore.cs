using System.Text.Json;
using Growbin.Location.Points;
using Growbin.Location.Responses;
using Growbin.ServiceDefaults.Data;

namespace Growbin.Location.Data;

/// <summary>Collection points in growbin.collection_points, through the growbin-db binding.</summary>
public sealed class PointStore(PostgresBinding db)
{
    /// <summary>Points within <paramref name="radiusMeters"/> of the position, nearest first.</summary>
    public async Task<IReadOnlyList<PointResponse>> NearbyAsync(double lat, double lng, int radiusMeters, string? kind, int limit,
        CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(PointQueries.Nearby, [lng, lat, radiusMeters, kind, limit], cancellationToken);
        return rows.Select(row => ToPoint(row, Number(row[10]))).ToList();
    }

    /// <summary>Points whose name or address resembles <paramref name="query"/>, best first.</summary>
    public async Task<IReadOnlyList<PointResponse>> SearchAsync(string query, double? lat, double? lng, int limit,
        CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(PointQueries.Search, [query, lng, lat, limit], cancellationToken);
        return rows.Select(row => ToPoint(row, row[10].ValueKind == JsonValueKind.Null ? null : Number(row[10]))).ToList();
    }

    public async Task<PointResponse?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(PointQueries.GetById, [id.ToString("D")], cancellationToken);
        return rows.Count == 0 ? null : ToPoint(rows[0], null);
    }

    // Columns in PointQueries.PointColumns order.
    private static PointResponse ToPoint(JsonElement[] row, double? distance)
    {
        var kind = Text(row[1]);
        return new PointResponse(
            Guid.Parse(Text(row[0])),
            kind,
            PointKinds.KoreanNames.GetValueOrDefault(kind, kind),
            Text(row[2]),
            NullableText(row[3]),
            NullableText(row[4]),
            NullableText(row[5]),
            NullableText(row[6]),
            Number(row[7]),
            Number(row[8]),
            distance,
            Text(row[9]));
    }

    private static string Text(JsonElement value) =>
        value.GetString() ?? throw new InvalidOperationException("A NOT NULL column came back null.");

    private static string? NullableText(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();

    private static double Number(JsonElement value) => value.GetDouble();
}
