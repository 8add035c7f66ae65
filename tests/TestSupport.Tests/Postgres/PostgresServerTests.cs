using Growbin.TestSupport.Postgres;
using Npgsql;

namespace Growbin.TestSupport.Tests.Postgres;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Created_database_is_empty_utf8_and_has_postgis()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync("testsupport_server");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_database(), pg_encoding_to_char(encoding), postgis_lib_version() IS NOT NULL " +
            "FROM pg_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetString(0).Should().Be("testsupport_server");
        reader.GetString(1).Should().Be("UTF8");
        reader.GetBoolean(2).Should().BeTrue();
        PostgresServer.Shared.PostgisAvailable.Should().BeTrue();
    }

    [Fact]
    public async Task Recreating_a_database_starts_it_empty()
    {
        var first = await PostgresServer.Shared.CreateDatabaseAsync("testsupport_recreate");
        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE leftover(id int)", connection).ExecuteNonQueryAsync();
        }

        var second = await PostgresServer.Shared.CreateDatabaseAsync("testsupport_recreate");

        await using var fresh = new NpgsqlConnection(second);
        await fresh.OpenAsync();
        var count = await new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'", fresh).ExecuteScalarAsync();
        count.Should().Be(0L);
    }

    [Fact]
    public async Task Database_names_must_be_plain_identifiers()
    {
        var act = () => PostgresServer.Shared.CreateDatabaseAsync("x\"; DROP");

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
