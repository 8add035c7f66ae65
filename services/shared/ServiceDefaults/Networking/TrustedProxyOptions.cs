namespace Growbin.ServiceDefaults.Networking;

/// <summary>
/// Configuration section <c>ForwardedHeaders</c>: which proxies may tell the app the client's address. Behind the
/// Ingress every request comes from the controller's pods, so without this each per-address limit (login) would be
/// one bucket for everybody; trusting any sender instead would let a client pick its own address.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>CIDR ranges of the proxies whose <c>X-Forwarded-For</c> is believed (e.g. the pod network "10.0.0.0/8").</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>How many proxy hops to unwrap from the right of <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;
}
