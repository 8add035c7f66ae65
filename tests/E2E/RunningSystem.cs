using System.Diagnostics;
using YamlDotNet.Serialization;

namespace Growbin.E2E.Tests;

/// <summary>
/// The whole system as `make run` starts it: infrastructure up, migrations applied, then `dapr run -f .`.
/// Shared by the E2E tests through <see cref="RunningSystemCollection"/> (one start per test run) and stopped with `dapr stop -f .` at the end.
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    private Process? _run;

    public static string Root { get; } = FindRoot();

    /// <summary>app-id → the sidecar's HTTP port, from dapr.yaml.</summary>
    public IReadOnlyDictionary<string, int> SidecarPorts { get; } = ReadSidecarPorts();

    public async Task InitializeAsync()
    {
        if (!DaprTools.Available)
        {
            return;
        }

        await RunToEndAsync("make", "infra-up migrate");
        _run = Process.Start(new ProcessStartInfo("dapr", "run -f .") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true })!;
        _run.OutputDataReceived += (_, _) => { };
        _run.ErrorDataReceived += (_, _) => { };
        _run.BeginOutputReadLine();
        _run.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        if (_run is null)
        {
            return;
        }

        await RunToEndAsync("dapr", "stop -f .");
        if (!_run.HasExited)
        {
            _run.Kill(entireProcessTree: true);
        }

        _run.Dispose();
    }

    private static async Task RunToEndAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = Root })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' exited with {process.ExitCode}");
        }
    }

    private static Dictionary<string, int> ReadSidecarPorts()
    {
        var template = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(Root, "dapr.yaml")));
        return ((List<object>)template["apps"]).Cast<Dictionary<object, object>>()
            .ToDictionary(a => (string)a["appID"], a => int.Parse((string)a["daprHTTPPort"], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "dapr.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("dapr.yaml not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Every E2E test class joins this collection, so the system starts once per test run, not once per class.</summary>
[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "running system";
}
