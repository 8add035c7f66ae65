using System.Diagnostics;
using System.Globalization;
using Growbin.TestSupport.OpenAi;
using YamlDotNet.Serialization;

namespace Growbin.E2E.Tests;

/// <summary>
/// The whole system as `make run` starts it: infrastructure up, migrations applied, then `dapr run -f .`.
/// Shared by the E2E tests through <see cref="RunningSystemCollection"/> (one start per test run) and stopped with `dapr stop -f .` at the end.
/// <para>
/// The model is <see cref="FakeOpenAiServer"/>, started on a free loopback port before `dapr run` and handed to every
/// app as <c>OpenAI__Endpoint</c> / <c>OpenAI__ApiKey</c> in the environment of the `dapr run` process. That reaches the
/// apps because the dapr CLI starts each app with the CLI's own environment plus the run file's: dapr/cli
/// pkg/standalone/run.go GetAppCommand sets <c>cmd.Env = os.Environ()</c>, then appends <c>config.getEnv()</c> (APP_ID,
/// APP_PORT, DAPR_HTTP_PORT, DAPR_GRPC_PORT, DAPR_METRICS_PORT, APP_PROTOCOL and the merged <c>common.env</c> /
/// <c>apps[].env</c> of dapr.yaml, pkg/runfileconfig/run_file_config_parser.go mergeCommonAndAppsEnv); cmd/run.go
/// startDaprdAndAppProcesses runs it in the app's <c>appDirPath</c>. ASP.NET Core configuration reads environment
/// variables after appsettings.json, so they win over vision-analyzer's (and chat-llm's) api.openai.com endpoint, and
/// a configured <c>OpenAI:ApiKey</c> wins over the secret store's <c>openai-api-key</c> (OpenAiChatClientSource). No
/// E2E run can call the real OpenAI API.
/// </para>
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    public const string FakeOpenAiKey = "sk-e2e-fake-openai";

    private readonly object _gate = new();
    private readonly List<RestartedApp> _restarted = [];
    private Process? _run;
    private FakeOpenAiServer? _openAi;

    public static string Root { get; } = FindRoot();

    public RunningSystem()
    {
        Apps = ReadApps();
        SidecarPorts = Apps.ToDictionary(a => a.Key, a => a.Value.DaprHttpPort);
    }

    /// <summary>app-id → what dapr.yaml says about it.</summary>
    public IReadOnlyDictionary<string, DaprApp> Apps { get; }

    /// <summary>app-id → the sidecar's HTTP port, from dapr.yaml.</summary>
    public IReadOnlyDictionary<string, int> SidecarPorts { get; }

    /// <summary>The model every app of the run calls. Only there when daprd is (otherwise every test is skipped).</summary>
    public FakeOpenAiServer OpenAi => _openAi ?? throw new InvalidOperationException("The system is not running (no daprd): the E2E tests skip themselves.");

    public async Task InitializeAsync()
    {
        if (!DaprTools.Available)
        {
            return;
        }

        RequireBuiltApps();
        await RunToEndAsync("make", "infra-up migrate");

        _openAi = await FakeOpenAiServer.StartAsync();
        _openAi.DefaultResponse = FakeOpenAiResponse.Json(VisionAnswers.MilkCarton);

        var start = new ProcessStartInfo("dapr", "run -f .") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OpenAI__Endpoint"] = _openAi.Endpoint.ToString();
        start.Environment["OpenAI__ApiKey"] = FakeOpenAiKey;
        _run = Process.Start(start)!;
        _run.OutputDataReceived += (_, _) => { };
        _run.ErrorDataReceived += (_, _) => { };
        _run.BeginOutputReadLine();
        _run.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        // Apps a test started again itself are not the CLI's: `dapr stop -f .` kills the CLI's process group only
        // (dapr/cli pkg/standalone/stop.go StopAppsWithRunFile; `dapr run -f` makes its own group, cmd/run.go executeRun).
        List<RestartedApp> restarted;
        lock (_gate)
        {
            restarted = [.. _restarted];
            _restarted.Clear();
        }

        foreach (var app in restarted)
        {
            await app.DisposeAsync();
        }

        if (_run is not null)
        {
            await RunToEndAsync("dapr", "stop -f .");
            if (!_run.HasExited)
            {
                _run.Kill(entireProcessTree: true);
            }

            _run.Dispose();
        }

        if (_openAi is not null)
        {
            await _openAi.DisposeAsync();
        }
    }

    /// <summary>
    /// Kills <paramref name="appId"/>'s app process — only the app: its daprd keeps running, as when an app crashes
    /// under a sidecar — and returns how it was started, for <see cref="StartAppAsync"/>. The process is the one
    /// listening on the app port from dapr.yaml, and must carry <c>APP_ID=appId</c> (the dapr CLI sets it, dapr/cli
    /// pkg/standalone/run.go RunConfig's <c>env:"APP_ID"</c>), so nothing else is ever killed.
    /// </summary>
    public async Task<AppProcessImage> KillAppAsync(string appId)
    {
        var app = Apps[appId];
        var pid = AppProcesses.ListeningPid(app.AppPort)
            ?? throw new InvalidOperationException($"No process listens on {appId}'s app port {app.AppPort}.");
        var image = AppProcesses.Read(pid);
        if (!image.Environment.TryGetValue("APP_ID", out var runningAs) || runningAs != appId)
        {
            throw new InvalidOperationException($"Port {app.AppPort} is held by process {pid} ({string.Join(' ', image.Arguments)}), " +
                $"which is not {appId}'s app (APP_ID={runningAs ?? "unset"}); not killing it.");
        }

        await AppProcesses.KillAsync(image, app.AppPort);
        return image;
    }

    /// <summary>
    /// Starts an app killed by <see cref="KillAppAsync"/> again as the dapr CLI had started it: the same executable,
    /// arguments, working directory (its <c>appDirPath</c>) and the very environment the CLI gave it (read from
    /// /proc/&lt;pid&gt;/environ before the kill: DAPR_HTTP_PORT, DAPR_GRPC_PORT, APP_PORT, APP_ID, ASPNETCORE_URLS,
    /// ASPNETCORE_ENVIRONMENT, OpenAI__Endpoint, OpenAI__ApiKey …). Returns once it listens on its app port; stopped at
    /// the end of the run.
    /// </summary>
    public async Task StartAppAsync(AppProcessImage image)
    {
        var app = Apps[image.AppId];
        var restarted = AppProcesses.Start(image);
        lock (_gate)
        {
            _restarted.Add(restarted);
        }

        var (listening, _) = await Eventually.UntilAsync(
            _ => Task.FromResult(restarted.Process.HasExited ? -1 : AppProcesses.ListeningPid(app.AppPort) ?? 0),
            pid => pid != 0, TimeSpan.FromMinutes(1));
        if (!listening || restarted.Process.HasExited)
        {
            throw new InvalidOperationException($"{image.AppId} did not come back on port {app.AppPort}; see {restarted.LogPath}.");
        }
    }

    private void RequireBuiltApps()
    {
        // dapr.yaml runs each app's built DLL (no `dotnet run`); `make test` builds the solution first, `dotnet test tests/E2E` does not.
        var missing = Apps.Values
            .Where(a => a.Command is ["dotnet", var dll, ..] && dll.EndsWith(".dll", StringComparison.Ordinal) && !File.Exists(Path.Combine(a.AppDirPath, dll)))
            .Select(a => a.AppId)
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Not built: {string.Join(", ", missing)}. Run `make build` (or `dotnet build Growbin.sln`) before the E2E tests.");
        }
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

    private static Dictionary<string, DaprApp> ReadApps()
    {
        var template = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(Root, "dapr.yaml")));
        return ((List<object>)template["apps"]).Cast<Dictionary<object, object>>()
            .Select(a => new DaprApp(
                (string)a["appID"],
                Path.GetFullPath(Path.Combine(Root, (string)a["appDirPath"])),
                Port(a, "appPort"),
                Port(a, "daprHTTPPort"),
                Port(a, "daprGRPCPort"),
                Port(a, "metricsPort"),
                a.TryGetValue("command", out var command) ? ((List<object>)command).Cast<string>().ToList() : []))
            .ToDictionary(a => a.AppId);

        static int Port(Dictionary<object, object> app, string key) => int.Parse((string)app[key], CultureInfo.InvariantCulture);
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

/// <summary>One app of dapr.yaml.</summary>
public sealed record DaprApp(string AppId, string AppDirPath, int AppPort, int DaprHttpPort, int DaprGrpcPort, int MetricsPort, IReadOnlyList<string> Command);

/// <summary>Every E2E test class joins this collection, so the system starts once per test run, not once per class.</summary>
[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "running system";
}
