using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// What surrounds the apps in both rendered overlays: the Ingress routes, autoscalers and disruption budgets, the Dapr
/// components per namespace (checked against components/), Configuration and Resiliency, NetworkPolicies, the data
/// stores and the migrator Job.
/// </summary>
public sealed class KubernetesPlatformTests
{
    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_namespaces_of_the_plan_exist(string overlay)
    {
        Of(overlay).OfKind("Namespace").Select(n => n.Name)
            .Should().BeEquivalentTo(["api", "workers", "data", "messaging", "monitoring"]);
    }

    [Theory]
    [InlineData(Dev, "api.dev.growbin.app")]
    [InlineData(Prod, "api.growbin.app")]
    public void Every_ingress_path_of_the_plan_routes_to_its_apps_service_on_8000(string overlay, string host)
    {
        var rendering = Of(overlay);
        var ingress = rendering.OfKind("Ingress").Should().ContainSingle().Subject;
        ingress.Text("spec.ingressClassName").Should().Be("alb");
        ingress.Map("metadata.annotations").Should().Contain("alb.ingress.kubernetes.io/target-type", "ip");

        var rule = ingress.List("spec.rules").Should().ContainSingle().Subject;
        KubernetesObject.Text(rule, "host").Should().Be(host);
        var routes = KubernetesObject.List(rule, "http.paths").ToDictionary(
            p => KubernetesObject.Text(p, "path") ?? string.Empty,
            p => (Type: KubernetesObject.Text(p, "pathType"),
                Service: KubernetesObject.Text(p, "backend.service.name"),
                Port: KubernetesObject.Text(p, "backend.service.port.number")));

        routes.Keys.Should().BeEquivalentTo(IngressRoutes.Keys);
        foreach (var (path, appId) in IngressRoutes)
        {
            routes[path].Should().Be(("Prefix", appId, "8000"), path);
            var service = rendering.Get("Service", ingress.Namespace, appId);
            service.List("spec.ports").Select(p => KubernetesObject.Text(p, "port")).Should().Contain("8000");
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_busy_apis_and_the_analyzer_scale_on_cpu_from_their_replica_count(string overlay)
    {
        var rendering = Of(overlay);
        rendering.OfKind("HorizontalPodAutoscaler").Select(h => h.Name).Should().BeEquivalentTo(Autoscaled);

        foreach (var appId in Autoscaled)
        {
            var app = App(appId);
            var hpa = rendering.Get("HorizontalPodAutoscaler", app.Namespace, appId);
            hpa.Text("apiVersion").Should().Be("autoscaling/v2");
            hpa.Text("spec.scaleTargetRef.kind").Should().Be("Deployment");
            hpa.Text("spec.scaleTargetRef.name").Should().Be(appId);
            var min = int.Parse(hpa.Text("spec.minReplicas")!);
            min.Should().Be(overlay == Prod ? app.Replicas : 1, appId);
            int.Parse(hpa.Text("spec.maxReplicas")!).Should().BeGreaterThan(min, appId);
            hpa.Text("spec.minReplicas").Should().Be(rendering.Get("Deployment", app.Namespace, appId).Text("spec.replicas"),
                "a fresh apply starts where the autoscaler would");
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Every_app_with_more_than_one_replica_in_the_plan_has_a_disruption_budget_of_one(string overlay)
    {
        var rendering = Of(overlay);
        var budgeted = Apps.Where(a => a.Replicas > 1).ToList();

        rendering.OfKind("PodDisruptionBudget").Select(p => (p.Namespace, p.Name))
            .Should().BeEquivalentTo(budgeted.Select(a => (a.Namespace, a.AppId)));
        foreach (var app in budgeted)
        {
            var pdb = rendering.Get("PodDisruptionBudget", app.Namespace, app.AppId);
            pdb.Text("spec.maxUnavailable").Should().Be("1");
            pdb.Map("spec.selector.matchLabels").Should().BeSubsetOf(
                rendering.Get("Deployment", app.Namespace, app.AppId).Map("spec.template.metadata.labels"));
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Every_component_an_app_uses_locally_is_in_the_apps_namespace_scoped_to_it(string overlay)
    {
        var rendering = Of(overlay);
        foreach (var local in LocalComponents())
        {
            foreach (var appId in local.List("scopes").Cast<string>())
            {
                var app = App(appId);
                var component = rendering.Find("Component", app.Namespace, local.Name);
                component.Should().NotBeNull($"{appId} uses {local.Name} (components/), so {app.Namespace} needs it");
                component!.List("scopes").Should().Contain(appId, local.Name);
            }
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Every_component_is_scoped_to_apps_of_its_namespace_and_takes_secrets_from_kubernetes(string overlay)
    {
        var rendering = Of(overlay);
        var components = rendering.OfKind("Component").ToList();
        components.Select(c => c.Namespace).Distinct().Should().BeEquivalentTo(["api", "workers"]);

        foreach (var component in components)
        {
            var scopes = component.List("scopes").Cast<string>().ToList();
            scopes.Should().NotBeEmpty($"{component} must name the apps that load it");
            scopes.Should().OnlyContain(id => Apps.Any(a => a.AppId == id && a.Namespace == component.Namespace),
                $"{component} is loaded only by sidecars of its own namespace");

            var usesSecrets = component.List("spec.metadata").Any(m => KubernetesObject.At(m, "secretKeyRef") is not null);
            if (usesSecrets)
            {
                component.Text("auth.secretStore").Should().Be("kubernetes", component.ToString());
            }

            component.List("spec.metadata")
                .Where(m => KubernetesObject.Text(m, "name") is "redisPassword" or "connectionString" or "accessKey" or "secretKey" or "securityToken")
                .Should().NotContain(m => KubernetesObject.At(m, "value") != null, $"{component} keeps credentials in secrets, not in git");
        }

        foreach (var ns in new[] { "api", "workers" })
        {
            rendering.Get("Component", ns, "secretstore").Text("spec.type").Should().Be("secretstores.kubernetes");
        }
    }

    [Theory]
    [InlineData(Dev, "1")]
    [InlineData(Prod, "0.1")]
    public void Each_app_namespace_has_the_sidecar_configuration_and_mtls_is_on(string overlay, string samplingRate)
    {
        var rendering = Of(overlay);
        foreach (var ns in new[] { "api", "workers" })
        {
            var configuration = rendering.Get("Configuration", ns, "growbin-config");
            configuration.Text("spec.tracing.samplingRate").Should().Be(samplingRate, ns);
            configuration.Text("spec.metrics.enabled").Should().Be("true", ns);
        }

        rendering.Get("Configuration", "dapr-system", "daprsystem").Text("spec.mtls.enabled").Should().Be("true");
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void No_resiliency_policy_reaches_the_workflow_engine(string overlay)
    {
        // One retry layer (ARCHITECTURE §3): the workflow's WorkflowRetryPolicy. Actor targets and default policies
        // would also apply to Dapr's internal workflow and activity actors (dapr/dapr pkg/resiliency/resiliency.go,
        // pkg/actors/router/router.go); a DaprBuiltIn… name would replace one of Dapr's own retries.
        var rendering = Of(overlay);
        rendering.OfKind("Resiliency").Select(r => r.Namespace).Should().BeEquivalentTo(["api", "workers"]);
        rendering.Get("Resiliency", "workers", "growbin-resiliency").List("scopes").Should().Contain(WorkflowApps);

        foreach (var resiliency in rendering.OfKind("Resiliency"))
        {
            resiliency.At("spec.targets.actors").Should().BeNull(resiliency.ToString());
            foreach (var kind in new[] { "timeouts", "retries", "circuitBreakers" })
            {
                var names = resiliency.Map($"spec.policies.{kind}").Keys.Select(k => k.ToString()!).ToList();
                names.Should().NotContain(n => n.StartsWith("Default", StringComparison.Ordinal), $"{resiliency}: a default {kind} policy applies to every target");
                names.Should().NotContain(n => n.StartsWith("DaprBuiltIn", StringComparison.Ordinal), $"{resiliency}: Dapr's built-in {kind} stay as they are");
            }

            // The activity hosts get their work as workflow activities, never by service invocation.
            resiliency.Map("spec.targets.apps").Keys.Select(k => k.ToString()!)
                .Should().NotContain(new[] { "image-uploader", "rule-retriever", "response-generator" }, resiliency.ToString());
        }

        rendering.Get("Resiliency", "api", "growbin-resiliency").Text("spec.targets.components.pubsub.inbound.retry")
            .Should().NotBeNull("userinfo's subscription is retried by its sidecar before the dead-letter queue");
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_ai_budget_host_is_never_retried_by_a_callers_sidecar(string overlay)
    {
        // Reservations and usage records add to the day's counters, so a repeat counts twice. chat-llm calls across
        // namespaces by the id in its env: the HTTP API looks the policy up by that id, direct messaging skips Dapr's
        // built-in retries only when the bare app-id has a target (pkg/api/http/directmessaging.go,
        // pkg/messaging/direct_messaging.go), so both ids must be covered.
        var rendering = Of(overlay);
        var chatLlm = KubernetesObject.List(rendering.Get("Deployment", "api", "chat-llm").List("spec.template.spec.containers")[0], "env");
        var calledAs = chatLlm.Select(e => (Name: KubernetesObject.Text(e, "name"), Value: KubernetesObject.Text(e, "value")))
            .Single(e => e.Name == "AiBudget__HostAppId").Value;
        calledAs.Should().Be("vision-analyzer.workers");

        foreach (var (ns, appId) in new[] { ("api", "vision-analyzer"), ("api", calledAs!), ("workers", "vision-analyzer") })
        {
            var resiliency = rendering.Get("Resiliency", ns, "growbin-resiliency");
            var policy = resiliency.Map("spec.targets.apps").TryGetValue(appId, out var target) ? KubernetesObject.Text(target, "retry") : null;
            policy.Should().NotBeNull($"{ns} needs a target for {appId}");
            resiliency.Map("spec.policies.retries").TryGetValue(policy!, out var retry).Should().BeTrue(policy);
            KubernetesObject.Text(retry, "maxRetries").Should().Be("0", $"{ns} → {appId}");
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_workers_configuration_purges_finished_workflows_as_the_local_one_does(string overlay)
    {
        // dapr/dapr pkg/config/configuration.go WorkflowStateRetentionPolicy: Go duration strings under these four keys;
        // a terminal state's own key wins over anyTerminal (pkg/actors/targets/workflow/orchestrator/run.go).
        var configuration = Of(overlay).Get("Configuration", "workers", "growbin-config");
        var policy = configuration.Map("spec.workflow.stateRetentionPolicy");
        policy.Keys.Select(k => k.ToString()).Should().BeSubsetOf(["anyTerminal", "completed", "failed", "terminated"]);

        TimeSpan? Ttl(string state) => GoDuration(KubernetesObject.Text(policy, state) ?? KubernetesObject.Text(policy, "anyTerminal"));
        Ttl("completed").Should().Be(TimeSpan.FromHours(1));
        Ttl("terminated").Should().Be(TimeSpan.FromHours(1));
        Ttl("failed").Should().Be(TimeSpan.FromHours(24), "failures are kept a day to be inspected");

        var features = configuration.List("spec.features");
        features.Should().ContainSingle(f => KubernetesObject.Text(f, "name") == "WorkflowsRemoteActivityReminder"
            && KubernetesObject.Text(f, "enabled") == "true", "activity results reach scan-pipeline through a reminder");
        features.Should().ContainSingle(f => KubernetesObject.Text(f, "name") == "ActorStateTTL"
            && KubernetesObject.Text(f, "enabled") == "true", "the AI budget actor (vision-analyzer) saves its days with a TTL");

        var local = Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "components", "config.yaml"))).Single();
        configuration.Map("spec.workflow").Should().BeEquivalentTo(local.Map("spec.workflow"), "k8s mirrors components/config.yaml");
        features.Should().BeEquivalentTo(local.List("spec.features"));
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_workflow_apps_share_one_actor_state_store_and_no_app_has_two(string overlay)
    {
        // Multi-app workflows need every participating app in one namespace on the same workflow (actor) state store
        // (Dapr docs, workflow-multi-app.md); an app may load only one actor state store.
        var rendering = Of(overlay);
        WorkflowApps.Select(a => App(a).Namespace).Distinct().Should().Equal("workers");
        rendering.Get("Component", "workers", "statestore").List("scopes").Should().Contain(WorkflowApps);

        var actorStores = rendering.OfKind("Component")
            .Where(c => c.List("spec.metadata").Any(m => KubernetesObject.Text(m, "name") == "actorStateStore" && KubernetesObject.Text(m, "value") == "true"))
            .ToList();
        foreach (var app in Apps)
        {
            var count = actorStores.Count(c => c.Namespace == app.Namespace && c.List("scopes").Contains(app.AppId));
            count.Should().BeLessThanOrEqualTo(1, $"{app.AppId} may load one actor state store");
            if (WorkflowApps.Contains(app.AppId))
            {
                count.Should().Be(1, $"{app.AppId} takes part in the scan workflow");
            }
        }
    }

    [Fact]
    public void The_dapr_runtime_growbin_needs_is_stated_in_the_manifests_and_the_readme()
    {
        // 1.17.2: the first runtime whose Configuration CRD takes stateRetentionPolicy durations as strings
        // (dapr/dapr docs/release_notes/v1.17.2.md); multi-app workflows need 1.16.
        var minimum = Of(Prod).Get("Configuration", "dapr-system", "daprsystem").Map("metadata.annotations")
            .TryGetValue("growbin.app/dapr-runtime-minimum", out var value) ? value as string : null;
        minimum.Should().NotBeNull();
        Version.Parse(minimum!).Should().BeGreaterThanOrEqualTo(new Version(1, 17, 2));
        File.ReadAllText(Path.Combine(RepositoryRoot, "k8s", "README.md")).Should().Contain($"Dapr runtime ≥ {minimum}");
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_app_namespaces_deny_all_traffic_except_the_listed_flows(string overlay)
    {
        var rendering = Of(overlay);
        foreach (var ns in new[] { "api", "workers" })
        {
            var deny = rendering.Get("NetworkPolicy", ns, "default-deny");
            deny.Map("spec.podSelector").Should().BeEmpty();
            deny.List("spec.policyTypes").Should().BeEquivalentTo(["Ingress", "Egress"]);
            deny.At("spec.ingress").Should().BeNull();
            deny.At("spec.egress").Should().BeNull();

            Ports(rendering.Get("NetworkPolicy", ns, "allow-dns"), "egress").Should().BeEquivalentTo(["UDP/53", "TCP/53"]);
            Ports(rendering.Get("NetworkPolicy", ns, "allow-dapr"), "ingress").Should().BeEquivalentTo(["TCP/50002"],
                "sidecars reach each other on daprd's internal gRPC port");
            Ports(rendering.Get("NetworkPolicy", ns, "allow-monitoring"), "ingress").Should().BeEquivalentTo(["TCP/8000", "TCP/9090"]);
            Ports(rendering.Get("NetworkPolicy", ns, "allow-data-and-messaging"), "egress")
                .Should().BeEquivalentTo(["TCP/5432", "TCP/6379", "TCP/5672"]);
        }

        var alb = rendering.Get("NetworkPolicy", "api", "allow-alb-to-apis");
        Ports(alb, "ingress").Should().BeEquivalentTo(["TCP/8000"]);
        alb.Map("spec.podSelector.matchLabels").Should().Contain("app.kubernetes.io/component", "api");
        foreach (var app in Apps.Where(a => a.Namespace == "api"))
        {
            rendering.Get("Deployment", "api", app.AppId).Map("spec.template.metadata.labels")
                .Should().Contain("app.kubernetes.io/component", "api", $"the ALB may reach {app.AppId}");
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_data_stores_run_as_stateful_sets_on_their_own_nodes_with_volumes(string overlay)
    {
        var rendering = Of(overlay);
        foreach (var (ns, name, port) in new[] { ("data", "postgres", "5432"), ("data", "redis", "6379"), ("messaging", "rabbitmq", "5672") })
        {
            var set = rendering.Get("StatefulSet", ns, name);
            set.Map("spec.template.spec.nodeSelector").Should().BeEquivalentTo(new Dictionary<object, object> { ["workload"] = name });
            set.List("spec.volumeClaimTemplates").Should().NotBeEmpty(name);
            set.Text("spec.template.spec.securityContext.runAsNonRoot").Should().Be("true", name);
            rendering.Get("Service", ns, name).List("spec.ports").Select(p => KubernetesObject.Text(p, "port")).Should().Contain(port);
            rendering.Get("NetworkPolicy", ns, $"allow-{name}").Should().NotBeNull();
        }
    }

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void The_migrator_is_a_job_with_its_connection_from_a_secret(string overlay)
    {
        var job = Of(overlay).Get("Job", "data", "db-migrator");
        var container = job.List("spec.template.spec.containers").Should().ContainSingle().Subject;

        KubernetesObject.Text(container, "image").Should().Contain("db-migrator");
        var env = KubernetesObject.List(container, "env").Should().ContainSingle().Subject;
        KubernetesObject.Text(env, "name").Should().Be("GROWBIN_DB_CONNECTION");
        KubernetesObject.Text(env, "valueFrom.secretKeyRef.name").Should().NotBeNullOrEmpty();
        job.Text("spec.template.spec.restartPolicy").Should().Be("Never");
        job.Text("spec.template.spec.securityContext.runAsNonRoot").Should().Be("true");
    }

    [Fact]
    public void Prod_includes_the_monitoring_resources()
    {
        Of(Prod).Objects.Where(o => o.Namespace == "monitoring").Select(o => o.Kind).Should().Contain("PrometheusRule");
    }

    /// <summary>The apps of the scan workflow: its host and the four apps whose activities it calls (ARCHITECTURE §3).</summary>
    private static readonly string[] WorkflowApps = ["scan-pipeline", "image-uploader", "vision-analyzer", "rule-retriever", "response-generator"];

    /// <summary>A Go duration ("1h", "30m", "1h30m", "90s"); null for null, a failed test for anything else.</summary>
    private static TimeSpan? GoDuration(string? text) => text is null ? null : Growbin.TestSupport.Dapr.GoTime.ParseDuration(text);

    /// <summary>Every "protocol/port" a policy's ingress or egress rules name.</summary>
    private static IEnumerable<string> Ports(KubernetesObject policy, string direction) =>
        policy.List($"spec.{direction}")
            .SelectMany(rule => KubernetesObject.List(rule, "ports"))
            .Select(p => $"{KubernetesObject.Text(p, "protocol")}/{KubernetesObject.Text(p, "port")}");
}
