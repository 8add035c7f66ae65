using Npgsql;

namespace Growbin.DbMigrator;

/// <summary>A migration's SQL failed; its transaction was rolled back and it is not recorded as applied.</summary>
public sealed class MigrationFailedException(Migration migration, PostgresException inner)
    : Exception($"Migration {migration.Version:D4}_{migration.Name} failed and was rolled back: {inner.MessageText}", inner)
{
    public Migration Migration { get; } = migration;
}
