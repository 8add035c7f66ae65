using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// Whose X-Forwarded-For the apps believe (ServiceDefaults Networking/TrustedProxyOptions.cs): in both overlays the six
/// APIs trust only the ALB's subnets, set per overlay, never a range as wide as the VPC (with the VPC CNI every pod has
/// a VPC address and could then pick its client address); the workers, which the Ingress never reaches, trust nobody.
/// </summary>
public sealed class KubernetesTrustedProxyTests
{
    private const string Prefix = "ForwardedHeaders__";

    [Theory]
    [MemberData(nameof(KubernetesAppTests.OverlayApps), MemberType = typeof(KubernetesAppTests))]
    public void Apis_trust_only_narrow_subnets_and_workers_trust_nobody(string overlay, string appId)
    {
        var app = App(appId);
        var container = Of(overlay).Get("Deployment", app.Namespace, appId).List("spec.template.spec.containers")
            .Single(c => KubernetesObject.Text(c, "name") == appId);
        var trusted = KubernetesObject.List(container, "env")
            .Where(e => KubernetesObject.Text(e, "name")?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            .ToDictionary(e => KubernetesObject.Text(e, "name")!, e => KubernetesObject.Text(e, "value") ?? "");

        if (app.Namespace != "api")
        {
            trusted.Should().BeEmpty("{0} is not behind the Ingress", appId);
            return;
        }

        trusted.Keys.Should().OnlyContain(k => k.StartsWith(Prefix + "TrustedNetworks__", StringComparison.Ordinal)).And.NotBeEmpty();
        foreach (var (name, value) in trusted)
        {
            System.Net.IPNetwork.TryParse(value, out var network).Should().BeTrue("{0}={1} must be a CIDR range", name, value);
            network.PrefixLength.Should().BeGreaterThanOrEqualTo(20, "{0}={1} is a load balancer's subnet, not the VPC", name, value);
        }
    }
}
