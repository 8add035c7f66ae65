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
            if (source.Contains("AddActors(", StringComparison.Ordinal))
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
    public void Pubsub_keeps_messages_across_broker_restarts_and_dead_letters_poison()
    {
        var metadata = Metadata(Components[DaprComponents.PubSub]);

        metadata.Should().Contain("durable", "true")
            .And.Contain("deletedWhenUnused", "false")
            .And.Contain("deliveryMode", "2")
            .And.Contain("enableDeadLetter", "true");
    }

    [Fact]
    public void The_pipeline_caller_never_retries_a_worker_call()
    {
        var resiliency = Documents.Single(d => d.Text("kind") == "Resiliency").Map("spec");
        var retries = resiliency.Map("policies").Map("retries");
        var apps = resiliency.Map("targets").Map("apps");

        foreach (var worker in new[] { AppIds.ImageUploader, AppIds.VisionAnalyzer, AppIds.RuleRetriever, AppIds.ResponseGenerator })
        {
            var policy = apps.Map(worker).Text("retry")!;
            retries.Map(policy).Text("maxRetries").Should().Be("0", $"{worker} is retried only by the pipeline's own policy");
        }
    }

    [Fact]
    public void The_sidecar_configuration_traces_and_exports_metrics()
    {
        var configuration = Documents.Single(d => d.Text("kind") == "Configuration").Map("spec");

        configuration.Map("tracing").Text("samplingRate").Should().NotBeNullOrEmpty();
        configuration.Map("metrics").Text("enabled").Should().Be("true");
    }

    private static List<string> Scopes(Dictionary<object, object> document) =>
        document.List("scopes").Select(s => s.ToString()!).ToList();

    private static Dictionary<string, string?> Metadata(Dictionary<object, object> component) =>
        component.Map("spec").List("metadata").Maps()
            .Where(m => m.ContainsKey("value"))
            .ToDictionary(m => m.Text("name")!, m => m.Text("value"));

    [GeneratedRegex(@"DaprComponents\.(?<name>[A-Za-z]+)")]
    private static partial Regex ComponentUse();
}
