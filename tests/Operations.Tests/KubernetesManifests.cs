using System.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Growbin.Operations.Tests;

/// <summary>
/// The overlays under k8s/overlays rendered by <c>kubectl kustomize</c> (once per test run) and parsed, and the plan
/// they must follow: ARCHITECTURE §1's table of apps.
/// </summary>
internal static class KubernetesManifests
{
    public const string Dev = "dev";
    public const string Prod = "prod";

    private static readonly Dictionary<string, Lazy<Rendering>> Renderings = new()
    {
        [Dev] = new(() => Render(Dev)),
        [Prod] = new(() => Render(Prod)),
    };

    /// <summary>ARCHITECTURE §1: every app's namespace, production replicas, requests and node group.</summary>
    public static readonly IReadOnlyList<AppPlan> Apps =
    [
        new("waste-api", "api", 3, "200m", "512Mi"),
        new("auth", "api", 2, "100m", "256Mi"),
        new("userinfo", "api", 2, "100m", "256Mi"),
        new("location", "api", 2, "100m", "256Mi"),
        new("recycle-info", "api", 2, "100m", "256Mi"),
        new("chat-llm", "api", 3, "200m", "512Mi"),
        new("scan-pipeline", "workers", 2, "100m", "256Mi"),
        new("image-uploader", "workers", 3, "300m", "512Mi"),
        new("vision-analyzer", "workers", 5, "100m", "256Mi"),
        new("rule-retriever", "workers", 2, "200m", "256Mi"),
        new("response-generator", "workers", 3, "100m", "256Mi"),
        new("task-scheduler", "workers", 1, "50m", "128Mi"),
    ];

    /// <summary>ARCHITECTURE §2/§9: the Ingress prefixes and the app behind each.</summary>
    public static readonly IReadOnlyDictionary<string, string> IngressRoutes = new Dictionary<string, string>
    {
        ["/api/v1/waste"] = "waste-api",
        ["/api/v1/auth"] = "auth",
        ["/api/v1/users"] = "userinfo",
        ["/api/v1/locations"] = "location",
        ["/api/v1/recycle"] = "recycle-info",
        ["/api/v1/chat"] = "chat-llm",
    };

    /// <summary>The apps with a HorizontalPodAutoscaler (ARCHITECTURE §9: the APIs that carry load, and the analyzer).</summary>
    public static readonly IReadOnlyList<string> Autoscaled = ["waste-api", "chat-llm", "vision-analyzer"];

    public static readonly IReadOnlyList<string> Overlays = [Dev, Prod];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static AppPlan App(string appId) => Apps.Single(a => a.AppId == appId);

    public static Rendering Of(string overlay) => Renderings[overlay].Value;

    /// <summary>The local components (components/*.yaml) that are Dapr Components, parsed.</summary>
    public static IReadOnlyList<KubernetesObject> LocalComponents() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "components"), "*.yaml")
            .SelectMany(f => Parse(File.ReadAllText(f)))
            .Where(o => o.Kind == "Component")
            .ToList();

    /// <summary>The app-ids of the multi-app run file (dapr.yaml): every app Growbin runs.</summary>
    public static IReadOnlyList<string> DaprRunAppIds() =>
        Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "dapr.yaml")))
            .Single()
            .List("apps")
            .Select(a => KubernetesObject.Text(a, "appID") ?? string.Empty)
            .ToList();

    public static IReadOnlyList<KubernetesObject> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<KubernetesObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<object>(parser) is IDictionary<object, object> root)
            {
                objects.Add(new KubernetesObject(root));
            }
        }

        return objects;
    }

    private static Rendering Render(string overlay)
    {
        var kubectl = FindOnPath("kubectl") ?? throw new InvalidOperationException(
            "kubectl is not installed or not on PATH; the Kubernetes manifest tests render the overlays with " +
            "`kubectl kustomize`. Run `make setup-test` (installs Debian's kubernetes-client) or install kubectl.");
        var directory = Path.Combine(RepositoryRoot, "k8s", "overlays", overlay);
        var start = new ProcessStartInfo(kubectl)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {kubectl}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish in 2 minutes.");
        }

        var yaml = output.GetAwaiter().GetResult();
        return new Rendering(overlay, process.ExitCode, error.GetAwaiter().GetResult(),
            process.ExitCode == 0 ? Parse(yaml) : []);
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Growbin.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Growbin.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One row of ARCHITECTURE §1.</summary>
internal sealed record AppPlan(string AppId, string Namespace, int Replicas, string CpuRequest, string MemoryRequest)
{
    /// <summary>The node group: APIs on workload=api nodes, everything in workers on workload=async-workers.</summary>
    public string NodeWorkload => Namespace == "api" ? "api" : "async-workers";

    /// <summary>Memory limit: twice the request (k8s/README.md explains why, and why there is no CPU limit).</summary>
    public string MemoryLimit => $"{int.Parse(MemoryRequest[..^2], System.Globalization.CultureInfo.InvariantCulture) * 2}Mi";
}

/// <summary>One overlay's <c>kubectl kustomize</c> result.</summary>
internal sealed record Rendering(string Overlay, int ExitCode, string Errors, IReadOnlyList<KubernetesObject> Objects)
{
    public IEnumerable<KubernetesObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public KubernetesObject? Find(string kind, string @namespace, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Namespace == @namespace && o.Name == name);

    public KubernetesObject Get(string kind, string @namespace, string name) =>
        Find(kind, @namespace, name)
        ?? throw new InvalidOperationException($"The {Overlay} overlay renders no {kind} {@namespace}/{name}.");
}
