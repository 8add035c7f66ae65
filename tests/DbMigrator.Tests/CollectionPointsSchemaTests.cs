using Growbin.TestSupport.Postgres;
using Npgsql;

namespace Growbin.DbMigrator.Tests;

/// <summary>Migration 0003: collection points keep one row per place per source, and distance queries use the index.</summary>
public sealed class CollectionPointsSchemaTests : IAsyncLifetime
{
    private GrowbinDatabase _db = null!;

    public async Task InitializeAsync() => _db = await GrowbinDatabase.CreateAsync("points_schema");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_place_is_stored_once_per_source_and_its_distance_is_in_metres()
    {
        await InsertAsync("demo-synthetic", "1", "clothing-bin", 126.9780, 37.5665);
        var again = () => InsertAsync("demo-synthetic", "1", "clothing-bin", 126.9780, 37.5665);
        await InsertAsync("other-source", "1", "clothing-bin", 126.9780, 37.5665);

        (await again.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        var metres = await _db.ScalarAsync<double>(
            "SELECT ST_Distance(location, ST_SetSRID(ST_MakePoint(126.9780, 37.5755), 4326)::geography) FROM growbin.collection_points LIMIT 1");
        metres.Should().BeApproximately(1000, 5, "0.009° of latitude is about a kilometre");
    }

    [Fact]
    public async Task An_unknown_kind_is_refused()
    {
        var insert = () => InsertAsync("demo-synthetic", "2", "trash-can", 127.0, 37.5);

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task Nearest_first_queries_can_use_the_gist_index_and_name_search_the_trigram_index()
    {
        var indexes = new List<string>();
        await using (var command = _db.Sql.CreateCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'growbin' AND tablename = 'collection_points'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        indexes.Should().Contain(i => i.Contains("USING gist (location)"))
            .And.Contain(i => i.Contains("USING gin (name gin_trgm_ops)"))
            .And.Contain(i => i.Contains("USING gin (address gin_trgm_ops)"));
    }

    private async Task InsertAsync(string source, string sourceId, string kind, double lng, double lat)
    {
        await using var command = _db.Sql.CreateCommand("""
            INSERT INTO growbin.collection_points (source, source_id, kind, name, location)
            VALUES ($1, $2, $3, '테스트 지점', ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        command.Parameters.Add(new NpgsqlParameter { Value = sourceId });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = lng });
        command.Parameters.Add(new NpgsqlParameter { Value = lat });
        await command.ExecuteNonQueryAsync();
    }
}
