namespace Growbin.Operations.Tests;

/// <summary>
/// <c>kubectl kustomize k8s/monitoring</c> renders the PodMonitors, the PrometheusRule and the dashboard ConfigMap in
/// the monitoring namespace, the ConfigMap carrying the dashboard file unchanged and the Grafana sidecar's label.
/// </summary>
public sealed class MonitoringKustomizeTests
{
    private const string KubectlHint =
        "Run `make setup-test` (installs Debian's kubernetes-client when no kubectl is on PATH) or install kubectl.";

    private static readonly Lazy<string[]> Documents = new(Render);

    [Fact]
    public void It_renders_the_pod_monitors_the_rules_the_dashboard_and_the_trace_sink_in_the_monitoring_namespace()
    {
        Kinds().Should().BeEquivalentTo(
        [
            ("PodMonitor", "growbin-apps"), ("PodMonitor", "dapr-sidecars"), ("PodMonitor", "redis"), ("PrometheusRule", "growbin-alerts"),
            ("ConfigMap", "growbin-dashboard"), ("Deployment", "zipkin"), ("Service", "zipkin"),
        ]);
        Documents.Value.Should().OnlyContain(d => d.Contains("namespace: monitoring"));
    }

    [Fact]
    public void The_pod_monitors_scrape_the_app_port_and_the_sidecar_metrics_port_of_both_app_namespaces()
    {
        var apps = Document("PodMonitor", "growbin-apps");
        apps.Should().Contain("port: http").And.Contain("path: /metrics").And.Contain("replacement: growbin-apps");

        var sidecars = Document("PodMonitor", "dapr-sidecars");
        sidecars.Should().Contain("port: dapr-metrics").And.Contain("replacement: dapr-sidecars");

        foreach (var monitor in new[] { apps, sidecars })
        {
            monitor.Should().Contain("- api").And.Contain("- workers").And.Contain("interval: 15s");
        }
    }

    [Fact]
    public void The_redis_pod_monitor_scrapes_the_exporters_metrics_port_in_the_data_namespace()
    {
        var redis = Document("PodMonitor", "redis");

        redis.Should().Contain("- data").And.Contain("app.kubernetes.io/name: redis").And.Contain("port: metrics")
            .And.Contain("path: /metrics").And.Contain("replacement: redis").And.Contain("interval: 15s");
        redis.Should().NotContain("- api").And.NotContain("- workers");
    }

    [Fact]
    public void The_dashboard_config_map_carries_the_file_and_the_grafana_sidecar_label()
    {
        var configMap = Document("ConfigMap", "growbin-dashboard");

        configMap.Should().Contain("grafana_dashboard: \"1\"").And.Contain("growbin.json: |");
        var embedded = configMap.Split('\n')
            .SkipWhile(l => l.Trim() != "growbin.json: |").Skip(1)
            .TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) || l.Length == 0)
            .Select(l => l.Length >= 4 ? l[4..] : l);
        string.Join('\n', embedded).Trim().Should().Be(File.ReadAllText(MonitoringFiles.DashboardFile).Replace("\r\n", "\n").Trim());
    }

    private static IEnumerable<(string Kind, string Name)> Kinds() =>
        Documents.Value.Select(d => (Field(d, "kind"), Field(d, "  name")));

    private static string Document(string kind, string name) =>
        Documents.Value.Single(d => Field(d, "kind") == kind && Field(d, "  name") == name);

    /// <summary>The value of a top-level (or, with leading spaces, metadata-level) key.</summary>
    private static string Field(string document, string key) =>
        document.Split('\n').First(l => l.StartsWith(key + ": ", StringComparison.Ordinal))[(key.Length + 2)..].Trim();

    private static string[] Render()
    {
        var result = MonitoringFiles.Run("kubectl", KubectlHint, MonitoringFiles.RepositoryRoot, "kustomize", MonitoringFiles.MonitoringDirectory);
        result.ExitCode.Should().Be(0, "kubectl kustomize k8s/monitoring must render:\n{0}", result.All);
        return result.Output.Split("\n---\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
