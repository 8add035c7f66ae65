using Growbin.DbMigrator;
using Microsoft.Extensions.Logging;
using Npgsql;

// Usage: Growbin.DbMigrator [--connection <connection string>] [--migrations <dir>]
// The connection string may also come from GROWBIN_DB_CONNECTION (the Kubernetes Job mounts it from a secret).
var connectionString = ArgumentAfter("--connection") ?? Environment.GetEnvironmentVariable("GROWBIN_DB_CONNECTION");
var directory = ArgumentAfter("--migrations") ?? Path.Combine(AppContext.BaseDirectory, "migrations");

using var loggerFactory = LoggerFactory.Create(b => b.AddJsonConsole(o => o.UseUtcTimestamp = true));
var logger = loggerFactory.CreateLogger("Growbin.DbMigrator");

if (string.IsNullOrWhiteSpace(connectionString))
{
    logger.LogError("No database given: pass --connection \"Host=...;Database=growbin;...\" or set GROWBIN_DB_CONNECTION.");
    return 2;
}

try
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    var runner = new MigrationRunner(dataSource, loggerFactory.CreateLogger<MigrationRunner>());
    var applied = await runner.ApplyAsync(Migration.LoadDirectory(directory));
    logger.LogInformation("Migrations finished: {Count} applied.", applied.Count);
    return 0;
}
catch (Exception ex)
{
    logger.LogError(ex, "Migrations failed.");
    return 1;
}

string? ArgumentAfter(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
