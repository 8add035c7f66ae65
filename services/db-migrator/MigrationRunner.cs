using Microsoft.Extensions.Logging;
using Npgsql;

namespace Growbin.DbMigrator;

/// <summary>
/// Applies pending migrations in version order, each in its own transaction together with its
/// <c>schema_migrations</c> row. A session advisory lock makes concurrent runs (two Job pods, a developer and CI)
/// take turns: the second finds the work done.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    /// <summary>Arbitrary but fixed: every migrator of every version must use the same key.</summary>
    public const long AdvisoryLockKey = 0x47726f7762696e; // "Growbin"

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS public.schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <returns>The migrations this run applied (empty when the database was up to date).</returns>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", cancellationToken, AdvisoryLockKey);
        try
        {
            await ExecuteAsync(connection, CreateHistoryTable, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            VerifyUnchanged(migrations, applied);

            var pending = migrations.Where(m => !applied.ContainsKey(m.Version)).OrderBy(m => m.Version).ToList();
            foreach (var migration in pending)
            {
                await ApplyOneAsync(connection, migration, cancellationToken);
            }

            if (pending.Count == 0)
            {
                LogUpToDate(applied.Count);
            }

            return pending;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, AdvisoryLockKey);
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(migration.Version, migration.Name);
        }
        catch (PostgresException ex)
        {
            throw new MigrationFailedException(migration, ex);
        }
    }

    private static void VerifyUnchanged(IReadOnlyList<Migration> migrations, Dictionary<int, string> applied)
    {
        var changed = migrations.Where(m => applied.TryGetValue(m.Version, out var checksum) && checksum != m.Checksum).ToList();
        if (changed.Count > 0)
        {
            throw new InvalidOperationException(
                "Applied migrations were edited afterwards (checksum differs): "
                + string.Join(", ", changed.Select(m => $"{m.Version:D4}_{m.Name}"))
                + ". Put the change in a new migration file instead.");
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM public.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version:D4}_{Name}.")]
    private partial void LogApplied(int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date ({Count} migrations applied earlier).")]
    private partial void LogUpToDate(int count);
}
