using System.Globalization;
using System.Text;
using Dapr.Client;
using Growbin.ServiceDefaults.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Growbin.Location.Import;

/// <summary>
/// location's command-line mode (Program.cs dispatches here before building the web app):
/// <c>import &lt;file&gt; --source &lt;name&gt; [--mapping &lt;mapping.json&gt;] [--dry-run]</c> and
/// <c>synthesize &lt;count&gt; &lt;out.csv&gt; [--seed n]</c>. Import reaches PostgreSQL and Kakao through location's
/// sidecar (growbin-db and kakao-local are scoped to the app-id location), so it runs under
/// <c>dapr run --app-id location</c>; synthesize needs nothing.
/// </summary>
public static class ImportCommand
{
    /// <summary>The file was processed (rows may have been skipped: the report lists them).</summary>
    public const int Processed = 0;

    /// <summary>The import started but the database or the sidecar failed; rows written so far stay (re-running is safe).</summary>
    public const int Failed = 1;

    /// <summary>Nothing was imported: a usage error, a missing file, a bad mapping, a header without the mapped columns.</summary>
    public const int UnusableInput = 2;

    public const string Usage = """
        usage:
          import <file.csv> --source <name> [--mapping <mapping.json>] [--dry-run]
          synthesize <count> <out.csv> [--seed <n>]
        """;

    private static readonly TimeSpan SidecarWait = TimeSpan.FromSeconds(30);

    /// <summary>The process entry: a minimal host (configuration, logging, the DaprClient; no web server) around <see cref="RunAsync(string[], DaprClient, TextWriter, TextWriter, TimeSpan?, CancellationToken)"/>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        if (args is ["synthesize", ..])
        {
            return Synthesize(args, Console.Out, Console.Error);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "location" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDaprClient();
        using var host = builder.Build();
        var dapr = host.Services.GetRequiredService<DaprClient>();

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        return await RunAsync(args, dapr, Console.Out, Console.Error, SidecarWait, stop.Token);
    }

    /// <summary>
    /// The command itself, on a given DaprClient (tests pass the in-memory one). The input is checked first, so a
    /// missing file or a bad mapping is reported at once; then, given <paramref name="sidecarWait"/>, the sidecar gets
    /// that long to come up (dapr run starts it alongside the app).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, DaprClient dapr, TextWriter output, TextWriter error,
        TimeSpan? sidecarWait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["synthesize", ..])
        {
            return Synthesize(args, output, error);
        }

        string? problem = "unknown command";
        ImportOptions? options = null;
        if (args is not ["import", ..] || !TryParseImport(args[1..], out options, out problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(Usage);
            return UnusableInput;
        }

        try
        {
            var prepared = await PointImporter.PrepareAsync(options!, cancellationToken);
            if (sidecarWait is { } wait && !await SidecarAnswersAsync(dapr, wait, cancellationToken))
            {
                await error.WriteLineAsync(
                    $"nothing imported: no Dapr sidecar answered within {wait.TotalSeconds:0.#} s; run the import with location's " +
                    "sidecar: `make import-points FILE=… SOURCE=…` (see services/location/README.md)");
                return Failed;
            }

            var importer = new PointImporter(new KakaoAddressGeocoder(dapr), new CollectionPointWriter(new PostgresBinding(dapr)));
            var report = await importer.ImportAsync(prepared, cancellationToken);
            report.WriteTo(output);
            return Processed;
        }
        catch (ImportInputException ex)
        {
            await error.WriteLineAsync($"nothing imported: {ex.Message}");
            return UnusableInput;
        }
        catch (PostgresBindingException ex)
        {
            await error.WriteLineAsync($"the import stopped: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("the import was cancelled; the batches written so far stay (running it again finishes it)");
            return Failed;
        }
    }

    private static async Task<bool> SidecarAnswersAsync(DaprClient dapr, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        try
        {
            await dapr.WaitForSidecarAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool TryParseImport(string[] args, out ImportOptions? options, out string? problem)
    {
        options = null;
        problem = null;
        string? file = null, source = null, mapping = null;
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--source" when i + 1 < args.Length:
                    source = args[++i];
                    break;
                case "--mapping" when i + 1 < args.Length:
                    mapping = args[++i];
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case var arg when arg.StartsWith("--", StringComparison.Ordinal):
                    problem = $"unknown option or missing value: {arg}";
                    return false;
                case var arg when file is null:
                    file = arg;
                    break;
                default:
                    problem = $"unexpected argument: {args[i]}";
                    return false;
            }
        }

        if (file is null || source is null)
        {
            problem = "import needs a file and --source";
            return false;
        }

        options = new ImportOptions(file, source, mapping, dryRun);
        return true;
    }

    private static int Synthesize(string[] args, TextWriter output, TextWriter error)
    {
        var seed = 1;
        var rest = args[1..].ToList();
        var seedAt = rest.IndexOf("--seed");
        if (seedAt >= 0)
        {
            if (seedAt + 1 >= rest.Count || !int.TryParse(rest[seedAt + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            {
                error.WriteLine("--seed needs an integer");
                error.WriteLine(Usage);
                return UnusableInput;
            }

            rest.RemoveRange(seedAt, 2);
        }

        if (rest is not [var countText, var file]
            || !int.TryParse(countText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > SyntheticPoints.MaxCount)
        {
            error.WriteLine($"synthesize needs a count (1 to {SyntheticPoints.MaxCount}) and an output file");
            error.WriteLine(Usage);
            return UnusableInput;
        }

        try
        {
            using var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            SyntheticPoints.WriteCsv(SyntheticPoints.Generate(count, seed), writer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot write {file}: {ex.Message}");
            return UnusableInput;
        }

        output.WriteLine($"wrote {count} synthetic points (seed {seed}) to {file}; import them into a source named *{SyntheticPoints.SourceMarker}*");
        return Processed;
    }
}
