using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// Every app of ARCHITECTURE §1 in both rendered overlays: its Deployment in the plan's namespace with the Dapr
/// annotations, replicas (prod = plan, dev = 1), requests and limits, node group, non-root security context and
/// probes, and its Service on port 8000.
/// </summary>
public sealed class KubernetesAppTests
{
    public static TheoryData<string, string> OverlayApps()
    {
        var data = new TheoryData<string, string>();
        foreach (var overlay in Overlays)
        {
            foreach (var app in Apps)
            {
                data.Add(overlay, app.AppId);
            }
        }

        return data;
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_overlay_renders(string overlay)
    {
        var rendering = Of(overlay);

        rendering.ExitCode.Should().Be(0, "kubectl kustomize k8s/overlays/{0} must render:\n{1}", overlay, rendering.Errors);
        rendering.Objects.Should().OnlyContain(o => o.Kind.Length > 0 && o.Name.Length > 0);
        rendering.OfKind("Deployment").Where(d => d.Namespace != "monitoring").Select(d => d.Name)
            .Should().BeEquivalentTo(Apps.Select(a => a.AppId), "every Deployment outside monitoring is an app of the plan and every app has one");
    }

    [Fact]
    public void The_plan_lists_every_app_of_the_multi_app_run()
    {
        Apps.Select(a => a.AppId).Should().BeEquivalentTo(DaprRunAppIds(),
            "an app in dapr.yaml without Kubernetes manifests (or the reverse) is a forgotten deployment");
    }

    [Theory]
    [MemberData(nameof(OverlayApps))]
    public void The_deployment_has_the_plans_namespace_replicas_and_dapr_annotations(string overlay, string appId)
    {
        var app = App(appId);
        var deployment = Of(overlay).Get("Deployment", app.Namespace, appId);

        deployment.Text("spec.replicas").Should().Be(overlay == Prod ? app.Replicas.ToString() : "1");
        var annotations = deployment.Map("spec.template.metadata.annotations");
        annotations.Should().Contain(new Dictionary<object, object>
        {
            ["dapr.io/enabled"] = "true",
            ["dapr.io/app-id"] = appId,
            ["dapr.io/app-port"] = "8000",
            ["dapr.io/config"] = "growbin-config",
            ["dapr.io/enable-app-health-check"] = "true",
            ["dapr.io/app-health-check-path"] = "/healthz",
            ["dapr.io/enable-metrics"] = "true",
            ["dapr.io/metrics-port"] = "9090",
            ["dapr.io/app-token-secret"] = "dapr-app-token",
            ["dapr.io/log-as-json"] = "true",
        });
        annotations.Keys.Should().Contain(["dapr.io/sidecar-cpu-request", "dapr.io/sidecar-memory-request", "dapr.io/sidecar-memory-limit"]);
        deployment.Map("spec.template.metadata.labels").Should().Contain("app.kubernetes.io/part-of", "growbin",
            "the PodMonitors in k8s/monitoring select pods by it");
    }

    /// <summary>
    /// The apps whose sidecars carry whole photos (waste-api stores the upload, image-uploader reads it back) raise the
    /// sidecar's body limit, 4 MiB by default for HTTP and gRPC alike, above the 10 MiB upload limit, with
    /// <c>dapr.io/max-body-size</c>: <c>dapr.io/http-max-request-size</c> is the deprecated form (dapr/dapr
    /// pkg/injector/patcher/sidecar_container.go, cmd/daprd/options/options.go).
    /// </summary>
    [Theory]
    [MemberData(nameof(OverlayApps))]
    public void Sidecars_that_carry_photos_take_bodies_over_the_upload_limit(string overlay, string appId)
    {
        var annotations = Of(overlay).Get("Deployment", App(appId).Namespace, appId).Map("spec.template.metadata.annotations");

        annotations.Keys.Should().NotContain("dapr.io/http-max-request-size");
        if (appId is "waste-api" or "image-uploader")
        {
            annotations.Should().Contain("dapr.io/max-body-size", "16Mi");
        }
        else
        {
            annotations.Keys.Should().NotContain("dapr.io/max-body-size", "only the photo path needs more than the default");
        }
    }

    [Theory]
    [MemberData(nameof(OverlayApps))]
    public void The_container_has_the_plans_requests_limits_and_node_group(string overlay, string appId)
    {
        var app = App(appId);
        var deployment = Of(overlay).Get("Deployment", app.Namespace, appId);
        var container = AppContainer(deployment);

        KubernetesObject.Map(container, "resources.requests").Should().BeEquivalentTo(new Dictionary<object, object>
        {
            ["cpu"] = app.CpuRequest,
            ["memory"] = app.MemoryRequest,
        });
        KubernetesObject.Map(container, "resources.limits").Should().BeEquivalentTo(
            new Dictionary<object, object> { ["memory"] = app.MemoryLimit },
            "memory is limited to twice the request and CPU is not limited (k8s/README.md)");
        deployment.Map("spec.template.spec.nodeSelector").Should().BeEquivalentTo(
            new Dictionary<object, object> { ["workload"] = app.NodeWorkload });
    }

    [Theory]
    [MemberData(nameof(OverlayApps))]
    public void The_pod_runs_as_non_root_listens_on_8000_and_is_probed_on_healthz_and_readyz(string overlay, string appId)
    {
        var app = App(appId);
        var deployment = Of(overlay).Get("Deployment", app.Namespace, appId);
        var container = AppContainer(deployment);

        deployment.Text("spec.template.spec.securityContext.runAsNonRoot").Should().Be("true");
        deployment.Text("spec.template.spec.securityContext.runAsUser").Should().Be("1654");
        KubernetesObject.Text(container, "securityContext.allowPrivilegeEscalation").Should().Be("false");
        KubernetesObject.Text(container, "securityContext.readOnlyRootFilesystem").Should().Be("true");

        KubernetesObject.List(container, "ports").Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new Dictionary<object, object> { ["name"] = "http", ["containerPort"] = "8000" });
        Env(container).Should().Contain("ASPNETCORE_HTTP_PORTS", "8000");

        ProbePath(container, "livenessProbe").Should().Be("/healthz");
        ProbePath(container, "startupProbe").Should().Be("/healthz");
        ProbePath(container, "readinessProbe").Should().Be("/readyz");
        foreach (var probe in new[] { "livenessProbe", "startupProbe", "readinessProbe" })
        {
            KubernetesObject.Text(container, $"{probe}.httpGet.port").Should().Be("http");
        }
    }

    [Theory]
    [MemberData(nameof(OverlayApps))]
    public void The_service_sends_port_8000_to_the_apps_pods(string overlay, string appId)
    {
        var app = App(appId);
        var rendering = Of(overlay);
        var service = rendering.Get("Service", app.Namespace, appId);
        var podLabels = rendering.Get("Deployment", app.Namespace, appId).Map("spec.template.metadata.labels");

        var port = service.List("spec.ports").Should().ContainSingle().Subject;
        KubernetesObject.Text(port, "port").Should().Be("8000");
        KubernetesObject.Text(port, "targetPort").Should().Be("http");
        service.Map("spec.selector").Should().NotBeEmpty().And.BeSubsetOf(podLabels);
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Task_scheduler_runs_one_replica_replaced_not_rolled_with_the_scheduler_on(string overlay)
    {
        var deployment = Of(overlay).Get("Deployment", "workers", "task-scheduler");

        deployment.Text("spec.replicas").Should().Be("1");
        deployment.Text("spec.strategy.type").Should().Be("Recreate", "two schedulers during a rollout would run each job twice");
        Env(AppContainer(deployment)).Should().Contain("SCHEDULER_ENABLED", "true");
        Of(overlay).OfKind("HorizontalPodAutoscaler").Should().NotContain(h => h.Name == "task-scheduler");
    }

    [Theory]
    [InlineData(Dev, "waste-api", "Workflows__HostAppId", "scan-pipeline.workers")]
    [InlineData(Prod, "waste-api", "Workflows__HostAppId", "scan-pipeline.workers")]
    [InlineData(Dev, "chat-llm", "AiBudget__HostAppId", "vision-analyzer.workers")]
    [InlineData(Prod, "chat-llm", "AiBudget__HostAppId", "vision-analyzer.workers")]
    public void Apis_reach_actors_hosted_in_workers_by_service_invocation_with_the_namespace(
        string overlay, string appId, string variable, string hostAppId)
    {
        // Dapr routes actor calls only within a namespace; invocation of "<app>.<namespace>" crosses it.
        var deployment = Of(overlay).Get("Deployment", "api", appId);

        Env(AppContainer(deployment)).Should().Contain(variable, hostAppId);
        Of(overlay).Get("Deployment", "workers", hostAppId.Split('.')[0]).Should().NotBeNull();
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_other_apps_roll_out_one_extra_pod_at_a_time(string overlay)
    {
        foreach (var app in Apps.Where(a => a.AppId != "task-scheduler"))
        {
            var deployment = Of(overlay).Get("Deployment", app.Namespace, app.AppId);
            deployment.Text("spec.strategy.type").Should().Be("RollingUpdate", app.AppId);
            deployment.Text("spec.strategy.rollingUpdate.maxUnavailable").Should().Be("0", app.AppId);
        }
    }

    [Fact]
    public void Prod_pulls_each_apps_own_image_from_the_registry()
    {
        foreach (var app in Apps)
        {
            var image = KubernetesObject.Text(AppContainer(Of(Prod).Get("Deployment", app.Namespace, app.AppId)), "image");
            image.Should().MatchRegex($"^[^/]+(/[^/]+)*/{app.AppId}:[^:]+$", app.AppId)
                .And.NotEndWith(":latest");
        }
    }

    private static object AppContainer(KubernetesObject deployment) =>
        deployment.List("spec.template.spec.containers")
            .Single(c => KubernetesObject.Text(c, "name") == deployment.Name);

    private static Dictionary<string, string?> Env(object container) =>
        KubernetesObject.List(container, "env").ToDictionary(
            e => KubernetesObject.Text(e, "name") ?? string.Empty,
            e => KubernetesObject.Text(e, "value"));

    private static string? ProbePath(object container, string probe) =>
        KubernetesObject.Text(container, $"{probe}.httpGet.path");
}
