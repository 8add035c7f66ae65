namespace Growbin.ServiceDefaults.Networking;

/// <summary>
/// Configuration section <c>ForwardedHeaders</c>: which proxies may tell the app the client's address. Behind the
/// Ingress every request comes from the load balancer, so without this each per-address limit (login, refresh) would
/// be one bucket for everybody; trusting any other sender would let a client pick its own address and dodge them.
/// Nothing is trusted unless listed here, loopback included (a sidecar forwards the headers of whoever invoked it):
/// with both lists empty, the default, <c>X-Forwarded-For</c> is ignored. Kubernetes sets them per overlay.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>CIDR ranges the proxy connects from: the load balancer's subnets, or the ingress controller's pod CIDR.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>Single proxy addresses (a load balancer with fixed private addresses).</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>How many proxy hops to unwrap from the right of <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;
}
