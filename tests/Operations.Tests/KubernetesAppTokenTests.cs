using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// The Dapr app API token reaches both containers of every app pod. The injector turns
/// <c>dapr.io/app-token-secret</c> into <c>APP_API_TOKEN</c> from that secret's key <c>token</c> on the daprd container
/// only (dapr/dapr pkg/injector/patcher/sidecar_container.go), so the Deployment must give the app container the same
/// variable itself; without it every sidecar-only route (/internal, /actors, /dapr, /events, bindings) is open.
/// </summary>
public sealed class KubernetesAppTokenTests
{
    private const string Annotation = "dapr.io/app-token-secret";
    private const string Variable = "APP_API_TOKEN";

    /// <summary>The key the injector reads from the annotation's secret (sidecar_container.go: Key "token").</summary>
    private const string InjectorKey = "token";

    private const string Secret = "dapr-app-token";

    [Theory]
    [MemberData(nameof(KubernetesAppTests.OverlayApps), MemberType = typeof(KubernetesAppTests))]
    public void The_app_container_reads_the_same_token_secret_the_sidecar_is_given(string overlay, string appId)
    {
        var deployment = Of(overlay).Get("Deployment", App(appId).Namespace, appId);
        var annotations = deployment.Map("spec.template.metadata.annotations");
        annotations.Should().Contain(Annotation, Secret);

        var container = deployment.List("spec.template.spec.containers").Single(c => KubernetesObject.Text(c, "name") == appId);
        var entry = KubernetesObject.List(container, "env").Should()
            .ContainSingle(e => KubernetesObject.Text(e, "name") == Variable, "{0} must give its app container {1}", appId, Variable)
            .Subject;

        KubernetesObject.At(entry, "value").Should().BeNull("the token comes from the secret, never from the manifest");
        KubernetesObject.Text(entry, "valueFrom.secretKeyRef.name").Should().Be((string)annotations[Annotation], "the secret the sidecar's token comes from");
        KubernetesObject.Text(entry, "valueFrom.secretKeyRef.key").Should().Be(InjectorKey);
        (KubernetesObject.Text(entry, "valueFrom.secretKeyRef.optional") ?? "false").Should().Be("false",
            "a pod without the secret must not start with its sidecar-only routes open");
    }

    [Theory]
    [MemberData(nameof(KubernetesAppTests.OverlayApps), MemberType = typeof(KubernetesAppTests))]
    public void The_app_runs_in_Production_where_it_refuses_to_start_without_the_token(string overlay, string appId)
    {
        // ServiceDefaults AppApiTokenValidation requires APP_API_TOKEN in Production only.
        var deployment = Of(overlay).Get("Deployment", App(appId).Namespace, appId);
        var container = deployment.List("spec.template.spec.containers").Single(c => KubernetesObject.Text(c, "name") == appId);

        var environment = KubernetesObject.List(container, "env").Single(e => KubernetesObject.Text(e, "name") == "ASPNETCORE_ENVIRONMENT");
        KubernetesObject.Text(environment, "value").Should().Be("Production");
    }

    [Fact]
    public void No_other_workload_carries_the_token()
    {
        // The migrator Job and the data stores have no sidecar calling them: the token stays with the app pods.
        foreach (var overlay in Overlays)
        {
            var workloads = Of(overlay).Objects
                .Where(o => o.Kind is "Deployment" or "StatefulSet" or "Job" or "CronJob" or "DaemonSet")
                .Where(o => !Apps.Any(a => a.AppId == o.Name && a.Namespace == o.Namespace));

            foreach (var workload in workloads)
            {
                var env = workload.List("spec.template.spec.containers").SelectMany(c => KubernetesObject.List(c, "env"));
                env.Should().NotContain(e => KubernetesObject.Text(e, "name") == Variable, workload.ToString());
            }
        }
    }
}
