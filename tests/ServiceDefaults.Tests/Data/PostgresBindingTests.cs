using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;

namespace Growbin.ServiceDefaults.Tests.Data;

/// <summary>PostgresBinding through the Dapr double's postgres binding, on a real migrated database.</summary>
public sealed class PostgresBindingTests : IAsyncLifetime
{
    private GrowbinDatabase _db = null!;
    private PostgresBinding _sql = null!;

    public async Task InitializeAsync()
    {
        _db = await GrowbinDatabase.CreateAsync("defaults_binding");
        _sql = new PostgresBinding(_db.AttachTo(new InMemoryDaprClient()));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Exec_reports_rows_affected_and_query_returns_rows_of_columns()
    {
        var inserted = await _sql.ExecAsync(
            "INSERT INTO growbin.users (nickname, region) VALUES ($1, $2), ($3, NULL)", ["분리수거왕", "서울특별시 마포구", "초록이"]);

        var rows = await _sql.QueryAsync(
            "SELECT id::text, nickname, region FROM growbin.users WHERE nickname = ANY(string_to_array($1, ',')) ORDER BY nickname",
            ["분리수거왕,초록이"]);

        inserted.Should().Be(2);
        rows.Select(r => (r[1].GetString(), r[2].ValueKind == System.Text.Json.JsonValueKind.Null ? null : r[2].GetString()))
            .Should().Equal(("분리수거왕", "서울특별시 마포구"), ("초록이", null));
        Guid.TryParse(rows[0][0].GetString(), out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_query_without_rows_is_an_empty_list()
    {
        var rows = await _sql.QueryAsync("SELECT id::text FROM growbin.users WHERE id = $1::uuid", [Guid.NewGuid().ToString()]);

        rows.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_statement_carries_the_servers_sqlstate()
    {
        var orphan = () => _sql.ExecAsync(
            "INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('kakao', '1', $1::uuid)",
            [Guid.NewGuid().ToString()]);

        (await orphan.Should().ThrowAsync<PostgresBindingException>())
            .Which.SqlState.Should().Be(PostgresBindingException.ForeignKeyViolation);
    }
}
