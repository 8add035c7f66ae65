using System.Globalization;
using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// Redis runs with maxmemory and noeviction, so a full Redis refuses every state write. Its exporter sidecar gives
/// Prometheus what the Redis alerts need, the redis PodMonitor scrapes it, and the data namespace lets only
/// Prometheus reach the exporter.
/// </summary>
public sealed class RedisMonitoringTests
{
    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Redis_has_a_pinned_exporter_sidecar_that_logs_in_with_the_redis_password(string overlay)
    {
        var containers = Of(overlay).Get("StatefulSet", "data", "redis").List("spec.template.spec.containers");
        var exporter = containers.Should().ContainSingle(c => KubernetesObject.Text(c, "name") == "redis-exporter").Subject;

        KubernetesObject.Text(exporter, "image").Should().MatchRegex(@"^oliver006/redis_exporter:v\d+\.\d+\.\d+$", "a pinned release, never latest");
        KubernetesObject.List(exporter, "ports").Should().ContainSingle()
            .Which.Should().Match<object>(p => KubernetesObject.Text(p, "name") == "metrics" && KubernetesObject.Text(p, "containerPort") == "9121");
        var env = KubernetesObject.List(exporter, "env").ToDictionary(e => KubernetesObject.Text(e, "name")!, e => e);
        KubernetesObject.Text(env["REDIS_ADDR"], "value").Should().Be("redis://localhost:6379");
        KubernetesObject.Text(env["REDIS_PASSWORD"], "valueFrom.secretKeyRef.name").Should().Be("redis-password");
        KubernetesObject.Text(exporter, "securityContext.readOnlyRootFilesystem").Should().Be("true");
        KubernetesObject.Text(exporter, "securityContext.allowPrivilegeEscalation").Should().Be("false");
        KubernetesObject.Text(exporter, "resources.limits.memory").Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Only_prometheus_reaches_the_exporter_and_only_the_apps_reach_redis(string overlay)
    {
        var rules = Of(overlay).Get("NetworkPolicy", "data", "allow-redis").List("spec.ingress");

        var byPort = rules.SelectMany(rule => KubernetesObject.List(rule, "ports").Select(port => (
            Port: $"{KubernetesObject.Text(port, "protocol")}/{KubernetesObject.Text(port, "port")}",
            From: KubernetesObject.List(rule, "from").Select(NamespaceOf).ToList())))
            .ToList();
        byPort.Select(p => p.Port).Should().BeEquivalentTo(["TCP/6379", "TCP/9121"]);
        byPort.Single(p => p.Port == "TCP/9121").From.Should().Equal("monitoring");
        byPort.Single(p => p.Port == "TCP/6379").From.Should().BeEquivalentTo(["api", "workers"]);
    }

    [Fact]
    public void The_redis_alert_tests_use_the_maxmemory_redis_runs_with_and_it_fits_the_containers_limit()
    {
        var redis = Of(Prod).Get("StatefulSet", "data", "redis").List("spec.template.spec.containers")
            .Single(c => KubernetesObject.Text(c, "name") == "redis");
        var args = KubernetesObject.List(redis, "args").Select(a => a.ToString()!).ToList();
        args[args.IndexOf("--maxmemory-policy") + 1].Should().Be("noeviction");
        var maxMemory = args[args.IndexOf("--maxmemory") + 1];
        maxMemory.Should().MatchRegex(@"^\d+mb$");
        var bytes = long.Parse(maxMemory[..^2], CultureInfo.InvariantCulture) * 1024 * 1024; // Redis: 1mb = 1024*1024 bytes

        File.ReadAllText(Path.Combine(MonitoringFiles.RuleTestsDirectory, "redis-memory.test.yaml"))
            .Should().Contain($"'{bytes}x", "the promtool cases model the real maxmemory ({0})", maxMemory);
        var limit = KubernetesObject.Text(redis, "resources.limits.memory")!;
        limit.Should().EndWith("Mi");
        (long.Parse(limit[..^2], CultureInfo.InvariantCulture) * 1024 * 1024).Should().BeGreaterThan(bytes,
            "the container must not be OOM-killed before Redis reaches maxmemory and the alerts can fire");
    }

    // A label key holds dots, so it cannot be part of a KubernetesObject path.
    private static string? NamespaceOf(object from) =>
        KubernetesObject.Map(from, "namespaceSelector.matchLabels").TryGetValue("kubernetes.io/metadata.name", out var name) ? name as string : null;
}
