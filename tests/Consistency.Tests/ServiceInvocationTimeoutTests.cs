using System.Globalization;
using System.Text.Json;
using Growbin.Ai.Budget;
using Growbin.TestSupport.Dapr;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Growbin.Consistency.Tests;

/// <summary>
/// A resiliency timeout on an app target is the caller's sidecar giving up on a service invocation
/// (dapr/dapr pkg/resiliency/resiliency.go EndpointPolicy; pkg/messaging/direct_messaging.go runs the call under it).
/// It must not be shorter than the calling app's own wait for the same call, or the sidecar cuts a call the app still
/// waits for. Every `targets.apps` entry, locally and in both Kubernetes namespaces, is compared with its callers.
/// </summary>
public sealed class ServiceInvocationTimeoutTests
{
    private const string HostAppIdKey = "AiBudget__HostAppId";
    private const string CallTimeoutKey = "AiBudget__CallTimeout";

    private static readonly AiBudgetOptions Defaults = new();

    /// <summary>The apps that reach the AI budget host by service invocation (InvokedAiBudget).</summary>
    private static readonly IReadOnlyList<string> BudgetCallers = AppsCalling("AddAiBudgetClient()");

    public static TheoryData<string> ResiliencyFiles => new() { "components/resiliency.yaml", "k8s/base/dapr/resiliency.yaml" };

    [Fact]
    public void The_ai_budget_has_callers_and_they_wait_a_bounded_time()
    {
        BudgetCallers.Should().BeEquivalentTo(["chat-llm", "task-scheduler"]);
        Defaults.CallTimeout.Should().BePositive().And.BeLessThan(TimeSpan.FromSeconds(100),
            "HttpClient's own 100 s is no deliberate wait for a budget check on the chat request path");
    }

    [Fact]
    public void Locally_each_callers_sidecar_waits_at_least_as_long_as_the_caller_for_the_ai_budget()
    {
        var resiliency = Documents("components/resiliency.yaml").Single(d => d.Text("kind") == "Resiliency");

        foreach (var caller in BudgetCallers)
        {
            Scopes(resiliency).Should().Contain(caller);
            var settings = AppSettings(caller);
            var calledAs = settings.HostAppId ?? Defaults.HostAppId;
            var wait = settings.CallTimeout ?? Defaults.CallTimeout;

            SidecarTimeout(resiliency, calledAs).Should().BeGreaterThanOrEqualTo(wait, $"{caller} waits {wait} for {calledAs} (components/resiliency.yaml)");
        }
    }

    [Fact]
    public void In_kubernetes_each_callers_sidecar_waits_at_least_as_long_as_the_caller_for_the_ai_budget()
    {
        var resiliencies = Documents("k8s/base/dapr/resiliency.yaml").Where(d => d.Text("kind") == "Resiliency").ToList();

        foreach (var caller in BudgetCallers)
        {
            var (ns, env) = Deployment(caller);
            var settings = AppSettings(caller);
            var calledAs = env.GetValueOrDefault(HostAppIdKey) ?? settings.HostAppId ?? Defaults.HostAppId;
            var wait = env.GetValueOrDefault(CallTimeoutKey) is { } overridden
                ? TimeSpan.Parse(overridden, CultureInfo.InvariantCulture)
                : settings.CallTimeout ?? Defaults.CallTimeout;

            var resiliency = resiliencies.Should().ContainSingle(r => r.Map("metadata").Text("namespace") == ns && Scopes(r).Contains(caller),
                "{0} in {1} must be under a Resiliency", caller, ns).Subject;
            SidecarTimeout(resiliency, calledAs).Should().BeGreaterThanOrEqualTo(wait, $"{caller} ({ns}) waits {wait} for {calledAs}");
        }
    }

    [Theory]
    [MemberData(nameof(ResiliencyFiles))]
    public void Every_app_target_is_a_call_whose_callers_wait_is_compared_here(string file)
    {
        // A new target is a new invocation with its own callers: add its callers' wait to this class first.
        var compared = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Defaults.HostAppId };
        compared.UnionWith(BudgetCallers.Select(c => Deployment(c).Env.GetValueOrDefault(HostAppIdKey)).OfType<string>());

        foreach (var resiliency in Documents(file).Where(d => d.Text("kind") == "Resiliency"))
        {
            var targets = TargetsOf(resiliency);
            targets.Keys.Should().BeSubsetOf(compared, file);
            foreach (var target in targets.Keys)
            {
                SidecarTimeout(resiliency, target).Should().NotBeNull($"{file}: {target} needs a named timeout policy");
            }
        }
    }

    /// <summary>The duration of the timeout policy the target names; null when it has none.</summary>
    private static TimeSpan? SidecarTimeout(Dictionary<object, object> resiliency, string appId)
    {
        var target = TargetsOf(resiliency).GetValueOrDefault(appId);
        target.Should().NotBeNull($"the Resiliency must have an app target for {appId}");
        if (target!.Text("timeout") is not { } policy)
        {
            return null;
        }

        var timeouts = resiliency.Map("spec").Map("policies").Map("timeouts");
        timeouts.Should().ContainKey(policy, "a target's timeout names a policy under policies.timeouts");
        return GoTime.ParseDuration(timeouts[policy].ToString()!);
    }

    private static Dictionary<string, Dictionary<object, object>> TargetsOf(Dictionary<object, object> resiliency) =>
        resiliency.Map("spec").Map("targets").TryGetValue("apps", out var apps) && apps is Dictionary<object, object> map
            ? map.ToDictionary(e => e.Key.ToString()!, e => (Dictionary<object, object>)e.Value, StringComparer.OrdinalIgnoreCase)
            : [];

    private static List<string> Scopes(Dictionary<object, object> document) =>
        document.List("scopes").Select(s => s.ToString()!).ToList();

    /// <summary>The app's Deployment in k8s/base/apps: its namespace and the app container's plain env values.</summary>
    private static (string Namespace, Dictionary<string, string?> Env) Deployment(string appId)
    {
        var deployment = Documents($"k8s/base/apps/{appId}.yaml").Single(d => d.Text("kind") == "Deployment");
        var container = deployment.Map("spec").Map("template").Map("spec").List("containers").Maps().Single(c => c.Text("name") == appId);
        var env = container.List("env").Maps().ToDictionary(e => e.Text("name")!, e => e.Text("value"));
        return (deployment.Map("metadata").Text("namespace")!, env);
    }

    /// <summary>AiBudget:HostAppId and AiBudget:CallTimeout from the app's appsettings*.json, where set.</summary>
    private static (string? HostAppId, TimeSpan? CallTimeout) AppSettings(string appId)
    {
        string? host = null;
        TimeSpan? timeout = null;
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf(Repository.AppDirectory(appId)), "appsettings*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!json.RootElement.TryGetProperty("AiBudget", out var section))
            {
                continue;
            }

            if (section.TryGetProperty("HostAppId", out var hostAppId))
            {
                host = hostAppId.GetString();
            }

            if (section.TryGetProperty("CallTimeout", out var callTimeout))
            {
                var value = TimeSpan.Parse(callTimeout.GetString()!, CultureInfo.InvariantCulture);
                timeout = timeout is null || value > timeout ? value : timeout;
            }
        }

        return (host, timeout);
    }

    /// <summary>App ids whose own source (not the shared libraries) contains the call.</summary>
    private static IReadOnlyList<string> AppsCalling(string call) =>
        Growbin.Contracts.AppIds.All
            .Where(appId => Directory.EnumerateFiles(Repository.PathOf(Repository.AppDirectory(appId)), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Any(f => File.ReadAllText(f).Contains(call, StringComparison.Ordinal)))
            .ToList();

    /// <summary>Every YAML document of a repository file, as plain maps.</summary>
    private static List<Dictionary<object, object>> Documents(string file)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(Repository.Read(file)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<object>(parser) is Dictionary<object, object> document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }
}
