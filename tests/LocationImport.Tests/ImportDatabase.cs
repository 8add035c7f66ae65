using Growbin.TestSupport.Postgres;

namespace Growbin.LocationImport.Tests;

/// <summary>A real PostgreSQL with PostGIS and every migration applied, for the whole collection.</summary>
public sealed class ImportDatabase : IAsyncLifetime
{
    public GrowbinDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await GrowbinDatabase.CreateAsync("import");

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
