using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Growbin.Contracts;

namespace Growbin.Consistency.Tests;

/// <summary>components/ holds every component the code names, scoped to every app that uses it.</summary>
public sealed partial class ComponentTests
{
    private static readonly List<Dictionary<object, object>> Documents = Directory
        .EnumerateFiles(Repository.PathOf("components"), "*.yaml")
        .Select(f => Repository.ReadYaml("components", Path.GetFileName(f)))
        .ToList();

    private static readonly Dictionary<string, Dictionary<object, object>> Components = Documents
        .Where(d => d.Text("kind") == "Component")
        .ToDictionary(d => d.Map("metadata").Text("name")!);

    private static readonly Dictionary<string, string> ComponentConstants = typeof(DaprComponents)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Every_component_named_in_code_exists_and_every_component_is_named_in_code()
    {
        Components.Keys.Should().BeEquivalentTo(ComponentConstants.Values);
    }

    [Fact]
    public void Every_component_is_scoped_to_known_apps_only()
    {
        foreach (var (name, component) in Components)
        {
            var scopes = Scopes(component);
            scopes.Should().NotBeEmpty($"{name} must list its apps in scopes");
            scopes.Should().BeSubsetOf(AppIds.All, $"{name} scopes name app-ids");
        }
    }

    [Fact]
    public void Every_app_that_uses_a_component_is_in_its_scopes()
    {
        foreach (var appId in AppIds.All)
        {
            var source = string.Join('\n', Directory
                .EnumerateFiles(Repository.PathOf(Repository.AppDirectory(appId)), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                .Select(File.ReadAllText));

            var used = ComponentUse().Matches(source).Select(m => ComponentConstants[m.Groups["name"].Value]).ToHashSet();
            // Actors and workflows (a workflow or its activities) keep their state in the actor state store, which the
            // app's sidecar loads only if the app is in its scopes.
            if (source.Contains("AddActors(", StringComparison.Ordinal) || source.Contains("AddDaprWorkflow", StringComparison.Ordinal))
            {
                used.Add(DaprComponents.StateStore);
            }

            foreach (var component in used)
            {
                Scopes(Components[component]).Should().Contain(appId, $"{appId} uses {component}");
            }
        }
    }

    [Fact]
    public void Every_api_can_read_the_token_denylist_and_its_keys_are_shared_between_apps()
    {
        // ServiceDefaults reads it on behalf of every API, so the scan of each app's own code above cannot see the use.
        var denylist = Components[DaprComponents.TokenDenylist];

        Scopes(denylist).Should().BeEquivalentTo(AppIds.Apis);
        Metadata(denylist).Should().Contain("keyPrefix", "name");
    }

    [Fact]
    public void The_image_lock_is_one_lock_for_the_uploader_and_the_purge()
    {
        // ServiceDefaults ImageLock takes it for both apps, so the scan of each app's own code above cannot see the use.
        var lockComponent = Components[DaprComponents.Lock];

        Scopes(lockComponent).Should().Contain([AppIds.ImageUploader, AppIds.TaskScheduler]);
        Metadata(lockComponent).Should().Contain("keyPrefix", "name", "with Dapr's default (appid) each app would lock a key of its own");
    }

    [Fact]
    public void Secrets_referenced_by_components_exist_in_the_example_secrets_file()
    {
        using var example = JsonDocument.Parse(Repository.Read("components", "secrets.example.json"));
        foreach (var (name, component) in Components)
        {
            var references = component.Map("spec").List("metadata").Maps()
                .Where(m => m.ContainsKey("secretKeyRef"))
                .Select(m => m.Map("secretKeyRef").Text("name")!)
                .ToList();
            if (references.Count == 0)
            {
                continue;
            }

            component.Map("auth").Text("secretStore").Should().Be(DaprComponents.SecretStore, name);
            foreach (var secret in references)
            {
                example.RootElement.TryGetProperty(secret, out _).Should().BeTrue($"{name} needs secret {secret}");
            }
        }
    }

    [Fact]
    public void Every_sidecar_finds_the_local_secrets_file_from_its_app_folder()
    {
        // Multi-app run starts each daprd in its app's folder, so the relative path must land on components/ from each.
        var secretsFile = Metadata(Components[DaprComponents.SecretStore])["secretsFile"]!;

        foreach (var appId in AppIds.All)
        {
            Path.GetFullPath(Path.Combine(Repository.PathOf(Repository.AppDirectory(appId)), secretsFile))
                .Should().Be(Repository.PathOf("components", "secrets.json"), appId);
        }
    }

    [Fact]
    public void The_real_secrets_file_is_never_committed()
    {
        Repository.Read(".gitignore").Split('\n').Should().Contain("components/secrets.json");
    }

    [Fact]
    public void The_state_store_is_the_actor_state_store()
    {
        Metadata(Components[DaprComponents.StateStore]).Should().Contain("actorStateStore", "true");
    }

    [Fact]
    public void The_five_workflow_apps_share_the_actor_state_store_and_no_app_has_two()
    {
        // A multi-app workflow needs every participating app on the same workflow (actor) state store (Dapr docs,
        // workflow-multi-app.md), and an app may have only one actor state store.
        Scopes(Components[DaprComponents.StateStore]).Should().Contain(WorkflowApps);

        var actorStores = Components
            .Where(c => Metadata(c.Value).TryGetValue("actorStateStore", out var value) && value == "true")
            .ToList();
        foreach (var appId in AppIds.All)
        {
            actorStores.Count(c => Scopes(c.Value).Contains(appId)).Should().BeLessThanOrEqualTo(1, $"{appId} may load one actor state store");
        }
    }

    [Fact]
    public void Pubsub_keeps_messages_across_broker_restarts_and_dead_letters_poison()
    {
        var metadata = Metadata(Components[DaprComponents.PubSub]);

        metadata.Should().Contain("durable", "true")
            .And.Contain("deletedWhenUnused", "false")
            .And.Contain("deliveryMode", "2")
            .And.Contain("enableDeadLetter", "true");
    }

    [Fact]
    public void No_resiliency_policy_reaches_the_workflow_engine()
    {
        // One retry layer (ARCHITECTURE §3): the workflow's WorkflowRetryPolicy. Actor targets and default policies
        // would also apply to Dapr's internal workflow and activity actors (dapr/dapr pkg/resiliency/resiliency.go,
        // pkg/actors/router/router.go); a DaprBuiltIn… name would replace one of Dapr's own retries.
        var resiliency = Documents.Single(d => d.Text("kind") == "Resiliency").Map("spec");

        ((Dictionary<object, object>)resiliency["targets"]).Should().NotContainKey("actors");
        foreach (var kind in new[] { "timeouts", "retries", "circuitBreakers" })
        {
            var names = resiliency.Map("policies").TryGetValue(kind, out var policies) && policies is Dictionary<object, object> map
                ? map.Keys.Select(k => k.ToString()!)
                : [];
            names.Should().NotContain(n => n.StartsWith("Default", StringComparison.Ordinal), $"a default {kind} policy applies to every target");
            names.Should().NotContain(n => n.StartsWith("DaprBuiltIn", StringComparison.Ordinal), $"{kind}: Dapr's built-in policies stay as they are");
        }

        // The activity hosts get their work as workflow activities, never by service invocation: an app target for
        // them would be dead (or, were they invoked again, a second retry layer).
        resiliency.Map("targets").Map("apps").Keys.Select(k => k.ToString()!)
            .Should().NotContain(new[] { AppIds.ImageUploader, AppIds.RuleRetriever, AppIds.ResponseGenerator });
    }

    [Fact]
    public void The_ai_budget_host_is_never_retried_by_a_callers_sidecar()
    {
        // chat-llm and task-scheduler reserve budget and record usage at vision-analyzer by service invocation; both
        // add to counters, so a repeat counts twice. maxRetries 0 also replaces Dapr's built-in retry of the call.
        var resiliency = Documents.Single(d => d.Text("kind") == "Resiliency").Map("spec");
        var policy = resiliency.Map("targets").Map("apps").Map(AppIds.VisionAnalyzer).Text("retry");

        policy.Should().NotBeNull();
        resiliency.Map("policies").Map("retries").Map(policy!).Text("maxRetries").Should().Be("0");
    }

    [Fact]
    public void The_sidecar_configuration_traces_and_exports_metrics()
    {
        var configuration = Documents.Single(d => d.Text("kind") == "Configuration").Map("spec");

        configuration.Map("tracing").Text("samplingRate").Should().NotBeNullOrEmpty();
        configuration.Map("metrics").Text("enabled").Should().Be("true");
    }

    [Fact]
    public void The_sidecar_configuration_purges_finished_workflows()
    {
        // dapr/dapr pkg/config/configuration.go WorkflowStateRetentionPolicy: Go duration strings under these four
        // keys; a terminal state's own key wins over anyTerminal (pkg/actors/targets/workflow/orchestrator/run.go).
        var policy = Documents.Single(d => d.Text("kind") == "Configuration").Map("spec").Map("workflow").Map("stateRetentionPolicy");
        policy.Keys.Select(k => k.ToString()).Should().BeSubsetOf(["anyTerminal", "completed", "failed", "terminated"]);

        TimeSpan? Ttl(string state) => GoDuration(policy.Text(state) ?? policy.Text("anyTerminal"));
        Ttl("completed").Should().Be(TimeSpan.FromHours(1));
        Ttl("terminated").Should().Be(TimeSpan.FromHours(1));
        Ttl("failed").Should().Be(TimeSpan.FromHours(24), "failures are kept a day to be inspected");
    }

    [Fact]
    public void Activity_results_reach_the_workflow_through_a_reminder()
    {
        // Without it (Dapr 1.17's default) a result finished while scan-pipeline is unreachable is lost and the
        // activity runs again (Dapr docs workflow-multi-app.md, "Durable Activity Results").
        var features = Documents.Single(d => d.Text("kind") == "Configuration").Map("spec").List("features").Maps();

        features.Should().ContainSingle(f => f.Text("name") == "WorkflowsRemoteActivityReminder")
            .Which.Text("enabled").Should().Be("true");
    }

    [Fact]
    public void Actor_state_may_carry_a_ttl()
    {
        // The AI budget actor saves each day with a TTL (AiBudgetActor.StateTtl); daprd refuses actor state with
        // ttlInSeconds unless the ActorStateTTL feature is on (dapr/dapr pkg/actors/api/transactional.go).
        var features = Documents.Single(d => d.Text("kind") == "Configuration").Map("spec").List("features").Maps();

        features.Should().ContainSingle(f => f.Text("name") == "ActorStateTTL")
            .Which.Text("enabled").Should().Be("true");
    }

    /// <summary>The apps of the scan workflow: its host and the four apps whose activities it calls (ARCHITECTURE §3).</summary>
    private static readonly string[] WorkflowApps =
        [AppIds.ScanPipeline, AppIds.ImageUploader, AppIds.VisionAnalyzer, AppIds.RuleRetriever, AppIds.ResponseGenerator];

    /// <summary>A Go duration ("1h", "30m", "1h30m", "90s"); null for null, a failed test for anything else.</summary>
    private static TimeSpan? GoDuration(string? text) => text is null ? null : Growbin.TestSupport.Dapr.GoTime.ParseDuration(text);

    private static List<string> Scopes(Dictionary<object, object> document) =>
        document.List("scopes").Select(s => s.ToString()!).ToList();

    private static Dictionary<string, string?> Metadata(Dictionary<object, object> component) =>
        component.Map("spec").List("metadata").Maps()
            .Where(m => m.ContainsKey("value"))
            .ToDictionary(m => m.Text("name")!, m => m.Text("value"));

    [GeneratedRegex(@"DaprComponents\.(?<name>[A-Za-z]+)")]
    private static partial Regex ComponentUse();

}
