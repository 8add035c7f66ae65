using Growbin.TestSupport.Postgres;

namespace Growbin.TestSupport.Tests.Postgres;

/// <summary>One database on the shared throwaway server for a test class.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync() =>
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("testsupport_binding");

    public Task DisposeAsync() => Task.CompletedTask;
}
