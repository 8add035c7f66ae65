using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Growbin.TestSupport.Postgres;

/// <summary>
/// A throwaway PostgreSQL for one test process: initdb into a temp dir, pg_ctl start on a free loopback port,
/// stopped and deleted when the process exits. Set GROWBIN_TEST_POSTGRES to a connection string to use an existing
/// server instead (nothing is started then). Tests get their own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed partial class PostgresServer
{
    public const string ExternalServerVariable = "GROWBIN_TEST_POSTGRES";
    private const string InstallHint = "install postgresql and postgis: make setup";
    private const string ServiceUser = "postgres";
    private const string RootPrefix = "growbin-pg-";
    private const string OwnerFile = "owner.pid";

    private static readonly Lazy<PostgresServer> SharedInstance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _root;
    private readonly string? _binDir;
    private readonly bool _runAsServiceUser;
    private readonly SemaphoreSlim _ddl = new(1, 1);
    private bool? _postgisAvailable;

    private PostgresServer(string adminConnectionString, string? root, string? binDir, bool runAsServiceUser)
    {
        AdminConnectionString = adminConnectionString;
        _root = root;
        _binDir = binDir;
        _runAsServiceUser = runAsServiceUser;
    }

    /// <summary>The server for this test process, started on first use.</summary>
    public static PostgresServer Shared => SharedInstance.Value;

    /// <summary>Superuser connection to the maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>
    /// (Re)creates an empty UTF-8 database (ctype C.UTF-8, collation C) and returns its connection string. PostGIS is enabled in it when the
    /// server has the extension. Names are lower-case identifiers; an existing database of that name is dropped.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("Use a lower-case identifier: letters, digits, underscores.", nameof(name));
        }

        // CREATE DATABASE from template0 tolerates concurrency, but serialising DDL keeps the error output readable.
        await _ddl.WaitAsync();
        try
        {
            await using (var admin = new NpgsqlConnection(AdminConnectionString))
            {
                await admin.OpenAsync();
                await Execute(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                // A UTF-8 ctype as in production: under the C ctype pg_trgm sees no Hangul letters, so Korean has no trigrams.
                await Execute(admin, $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'");
                _postgisAvailable ??= await PostgisInstalledAsync(admin);
            }

            var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;

            // DROP ... WITH (FORCE) killed any pooled connections to the old database; don't hand them out again.
            await using (var stale = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(stale);
            }

            if (_postgisAvailable == true)
            {
                var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
                await using var db = new NpgsqlConnection(unpooled);
                await db.OpenAsync();
                await Execute(db, "CREATE EXTENSION IF NOT EXISTS postgis");
            }

            return connectionString;
        }
        finally
        {
            _ddl.Release();
        }
    }

    /// <summary>Whether databases from this server get PostGIS (known after the first CreateDatabaseAsync).</summary>
    public bool? PostgisAvailable => _postgisAvailable;

    private static PostgresServer Start()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, root: null, binDir: null, runAsServiceUser: false);
        }

        var binDir = FindBinDir();
        var runAsServiceUser = Environment.IsPrivilegedProcess;
        SweepOrphans(binDir, runAsServiceUser);
        var root = Path.Combine(Path.GetTempPath(), RootPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new PostgresServer(string.Empty, root, binDir, runAsServiceUser);
        try
        {
            return server.InitAndStart();
        }
        catch
        {
            server.Stop();
            throw;
        }
    }

    private PostgresServer InitAndStart()
    {
        var root = _root!;
        var data = Path.Combine(root, "data");
        if (_runAsServiceUser)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres OS user.
            RunOrThrow("chown", ["-R", $"{ServiceUser}:{ServiceUser}", root], asServiceUser: false);
        }

        RunOrThrow(Path.Combine(_binDir!, "initdb"),
            ["-D", data, "-U", "postgres", "-E", "UTF8", "--locale=C", "-A", "trust", "--no-sync"], _runAsServiceUser);

        var port = FreePort();
        // Durability is irrelevant for a throwaway cluster; turning it off makes DDL-heavy tests much faster.
        var serverOptions = string.Join(' ',
            $"-p {port}", $"-k {root}", "-c listen_addresses=127.0.0.1",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200");
        RunOrThrow(Path.Combine(_binDir!, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(root, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"], _runAsServiceUser);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
        var started = new PostgresServer(connectionString, _root, _binDir, _runAsServiceUser);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Stop();
        return started;
    }

    private void Stop()
    {
        if (_root is null)
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            Run(Path.Combine(_binDir!, "pg_ctl"), ["-D", data, "stop", "-m", "immediate", "-w", "-t", "30"], _runAsServiceUser);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort at process exit: a leftover temp dir must not fail the run.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // ProcessExit does not run when a test host crashes or is killed: stop clusters whose owning process is gone.
    private static void SweepOrphans(string binDir, bool runAsServiceUser)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), RootPrefix + "*"))
        {
            var ownerPath = Path.Combine(dir, OwnerFile);
            if (!File.Exists(ownerPath) ||
                !int.TryParse(File.ReadAllText(ownerPath), CultureInfo.InvariantCulture, out var owner) ||
                IsAlive(owner))
            {
                continue;
            }

            new PostgresServer(string.Empty, dir, binDir, runAsServiceUser).Stop();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FindBinDir()
    {
        static bool HasServer(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        // Debian's pg_config may belong to libpq-dev and point at /usr/bin, which has no initdb: check, then fall back.
        var fromPgConfig = TryRun("pg_config", ["--bindir"]);
        if (fromPgConfig is { } dir && HasServer(dir.Trim()))
        {
            return dir.Trim();
        }

        const string debianRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                .Where(c => HasServer(c.Dir))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Dir)
                .FirstOrDefault()
            : null;

        return newest ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found via pg_config or under {debianRoot}; {InstallHint}. " +
            $"Or set {ExternalServerVariable} to the connection string of a running server.");
    }

    private static Version ParseVersion(string text) =>
        Version.TryParse(text.Contains('.') ? text : text + ".0", out var v) ? v : new Version(0, 0);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> PostgisInstalledAsync(NpgsqlConnection admin)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'", admin);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private void RunOrThrow(string file, IReadOnlyList<string> args, bool asServiceUser)
    {
        var (exitCode, output) = Run(file, args, asServiceUser);
        if (exitCode != 0)
        {
            var log = _root is not null && File.Exists(Path.Combine(_root, "server.log"))
                ? File.ReadAllText(Path.Combine(_root, "server.log"))
                : string.Empty;
            throw new InvalidOperationException(
                $"'{Path.GetFileName(file)} {string.Join(' ', args)}' exited with {exitCode}:\n{output}\n{log}".TrimEnd());
        }
    }

    private (int ExitCode, string Output) Run(string file, IReadOnlyList<string> args, bool asServiceUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asServiceUser ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root ?? Path.GetTempPath(),
        };
        if (asServiceUser)
        {
            foreach (var arg in new[] { "-u", ServiceUser, "--", file })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {start.FileName}; {InstallHint}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in 2 minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? TryRun(string file, IReadOnlyList<string> args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
