namespace Growbin.LocationImport.Tests;

/// <summary>The tests that import into PostgreSQL share one migrated database; each uses its own source names.</summary>
[CollectionDefinition(Name)]
public sealed class ImportCollection : ICollectionFixture<ImportDatabase>
{
    public const string Name = "import";
}
