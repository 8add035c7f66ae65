using System.Text;
using Dapr.Client;
using Growbin.Csv;
using Growbin.ScheduleImport.Import;
using Growbin.ServiceDefaults.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Growbin.ScheduleImport;

/// <summary>
/// <c>import-schedule &lt;file.csv&gt; [--encoding auto|cp949|utf-8] [--dry-run]</c>: imports a file of
/// 전국생활쓰레기배출정보표준데이터 through the growbin-db binding of the sidecar it runs with (recycle-info's: the
/// component is scoped to the app that reads the data; README.md).
/// </summary>
public static class ScheduleImportCommand
{
    /// <summary>The file was processed (bad rows are in the report; good rows were published).</summary>
    public const int Processed = 0;

    /// <summary>The database or the sidecar failed: nothing was published, the previous data stands (re-running is safe).</summary>
    public const int Failed = 1;

    /// <summary>Nothing was written: a usage error, a missing or unreadable file, a header without a required column.</summary>
    public const int UnusableInput = 2;

    public const string Usage = "usage: import-schedule <file.csv> [--encoding auto|cp949|utf-8] [--dry-run]";

    private static readonly TimeSpan SidecarWait = TimeSpan.FromSeconds(30);

    /// <summary>The process entry: a minimal host (configuration, logging, the DaprClient; no web server).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "schedule-import" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDaprClient();
        using var host = builder.Build();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        return await RunAsync(args, host.Services.GetRequiredService<DaprClient>(), Console.Out, Console.Error, SidecarWait, stop.Token);
    }

    /// <summary>The command on a given DaprClient (tests pass the in-memory one); the input is checked before the sidecar is asked.</summary>
    public static async Task<int> RunAsync(string[] args, DaprClient dapr, TextWriter output, TextWriter error,
        TimeSpan? sidecarWait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!TryParse(args, out var options, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync(Usage);
            return UnusableInput;
        }

        try
        {
            var prepared = await ScheduleImporter.PrepareAsync(options!, cancellationToken);
            if (!options!.DryRun && sidecarWait is { } wait && !await SidecarAnswersAsync(dapr, wait, cancellationToken))
            {
                await error.WriteLineAsync($"nothing imported: no Dapr sidecar answered within {wait.TotalSeconds:0.#} s; run it with " +
                    "recycle-info's sidecar: `make import-schedule FILE=…` (services/schedule-import/README.md)");
                return Failed;
            }

            var report = await new ScheduleImporter(new ScheduleWriter(new PostgresBinding(dapr))).ImportAsync(prepared, cancellationToken);
            report.WriteTo(output);
            return Processed;
        }
        catch (ScheduleInputException ex)
        {
            await error.WriteLineAsync($"nothing imported: {ex.Message}");
            return UnusableInput;
        }
        catch (PostgresBindingException ex)
        {
            await error.WriteLineAsync($"the import stopped before it was published, so the previous data stands: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("the import was cancelled before it was published, so the previous data stands");
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

    private static bool TryParse(string[] args, out ScheduleImportOptions? options, out string? problem)
    {
        options = null;
        problem = null;
        if (args is not ["import-schedule", .. var rest])
        {
            problem = args.Length == 0 ? "no command given" : $"unknown command: {args[0]}";
            return false;
        }

        string? file = null;
        var encoding = CsvEncoding.Auto;
        var dryRun = false;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--encoding" when i + 1 < rest.Length:
                    var name = rest[++i].ToLowerInvariant();
                    encoding = name switch
                    {
                        "auto" => CsvEncoding.Auto,
                        "cp949" or "euc-kr" => CsvEncoding.Cp949,
                        "utf-8" or "utf8" => CsvEncoding.Utf8,
                        _ => (CsvEncoding)(-1),
                    };
                    if (!Enum.IsDefined(encoding))
                    {
                        problem = $"unknown encoding '{rest[i]}': auto, cp949 or utf-8";
                        return false;
                    }

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
                    problem = $"unexpected argument: {rest[i]}";
                    return false;
            }
        }

        if (file is null)
        {
            problem = "import-schedule needs a file";
            return false;
        }

        options = new ScheduleImportOptions(file, encoding, dryRun);
        return true;
    }
}
