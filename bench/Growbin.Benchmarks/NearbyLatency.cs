extern alias Location;

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.TestSupport.Postgres;
using Location::Growbin.Location.Data;
using Location::Growbin.Location.Import;
using Npgsql;

namespace Growbin.Benchmarks;

/// <summary>
/// `nearby` latency over many points: the synthetic generator's points (default 100,000) in a throwaway PostgreSQL
/// with PostGIS, then location's own <see cref="PointQueries.Nearby"/> statement with k = 10 at random positions among
/// them. Measured twice: through the growbin-db binding double (untyped JSON params in, JSON rows out, as the
/// component does) and as the bare statement on one Npgsql connection (what the server itself spends).
/// A distribution, so not a BenchmarkDotNet run:
///   dotnet run -c Release --project bench/Growbin.Benchmarks -- nearby [points] [queries]
/// </summary>
public static class NearbyLatency
{
    private const int K = 10;
    private const int Seed = 20261123;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var queries = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        await using var db = await GrowbinDatabase.CreateAsync("bench_nearby");
        var points = SyntheticPoints.Generate(count, Seed);
        var loading = Stopwatch.StartNew();
        await LoadAsync(db, points);
        Console.WriteLine($"{count:N0} synthetic points loaded and analysed in {loading.Elapsed.TotalSeconds:0.0} s; {queries:N0} queries per case, k = {K}");

        var random = new Random(Seed);
        (double Lng, double Lat) Somewhere()
        {
            // Near a random point (within ~1 km), so the query lands where points are, as a user's position would.
            var p = points[random.Next(points.Count)];
            return (p.Longitude + ((random.NextDouble() - 0.5) * 0.02), p.Latitude + ((random.NextDouble() - 0.5) * 0.02));
        }

        await using var connection = await db.Sql.OpenConnectionAsync();
        foreach (var (radius, kind) in new (double, string?)[] { (1_000, null), (1_000, "medicine"), (5_000, null), (20_000, null) })
        {
            var viaBinding = new List<double>(queries);
            var direct = new List<double>(queries);
            for (var i = 0; i < queries + 200; i++)
            {
                var (lng, lat) = Somewhere();
                var bindingMs = await TimeAsync(() => ViaBindingAsync(db, lng, lat, radius, kind));
                var directMs = await TimeAsync(() => DirectAsync(connection, lng, lat, radius, kind));
                if (i >= 200)
                {
                    viaBinding.Add(bindingMs);
                    direct.Add(directMs);
                }
            }

            Console.WriteLine($"radius {radius:N0} m, kind {kind ?? "any"}:");
            Console.WriteLine($"  through the binding double  {PipelineLatency.Percentiles(viaBinding)}");
            Console.WriteLine($"  bare statement (Npgsql)     {PipelineLatency.Percentiles(direct)}");
        }

        await PrintPlanAsync(connection);
        return 0;
    }

    private static async Task LoadAsync(GrowbinDatabase db, IReadOnlyList<SyntheticPoint> points)
    {
        const string insert = """
            INSERT INTO growbin.collection_points (source, source_id, kind, name, address, detail, district, opening_hours, location)
            SELECT 'bench-synthetic', s, k, n, a, d, di, h, ST_SetSRID(ST_MakePoint(x, y), 4326)::geography
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[])
                AS t(s, k, n, a, d, di, h, x, y)
            """;
        foreach (var chunk in points.Chunk(10_000))
        {
            await using var command = db.Sql.CreateCommand(insert);
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.SourceId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.Kind).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.Name).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.Address).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.Detail).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.District).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.OpeningHours).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.Longitude).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(p => p.Latitude).ToArray() });
            await command.ExecuteNonQueryAsync();
        }

        await using var analyze = db.Sql.CreateCommand("ANALYZE growbin.collection_points");
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task ViaBindingAsync(GrowbinDatabase db, double lng, double lat, double radius, string? kind)
    {
        var request = new BindingRequest(DaprComponents.Database, "query")
        {
            Metadata =
            {
                ["sql"] = PointQueries.Nearby,
                ["params"] = JsonSerializer.Serialize(new object?[] { lng, lat, radius, kind, K }),
            },
        };
        var response = await db.Binding.HandleAsync(request, CancellationToken.None);
        using var rows = JsonDocument.Parse(response.Data);
        if (rows.RootElement.GetArrayLength() > K)
        {
            throw new InvalidOperationException("nearby returned more than k rows");
        }
    }

    private static async Task DirectAsync(NpgsqlConnection connection, double lng, double lat, double radius, string? kind)
    {
        await using var command = new NpgsqlCommand(PointQueries.Nearby, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = lng });
        command.Parameters.Add(new NpgsqlParameter { Value = lat });
        command.Parameters.Add(new NpgsqlParameter { Value = radius });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)kind ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = K });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task PrintPlanAsync(NpgsqlConnection connection)
    {
        var sql = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + PointQueries.Nearby
            .Replace("$1::float8", "126.98").Replace("$2::float8", "37.57").Replace("$3::float8", "1000")
            .Replace("$4::text", "NULL::text").Replace("$5::int", "10");
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("plan (radius 1,000 m, any kind):");
        while (await reader.ReadAsync())
        {
            Console.WriteLine("  " + reader.GetString(0));
        }
    }
}
