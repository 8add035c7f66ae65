using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Networking;

/// <summary>
/// Turns <see cref="TrustedProxyOptions"/> into ASP.NET's forwarded-headers settings. ASP.NET trusts loopback by
/// default; that is cleared, so only the configured proxies count. With none configured the headers are not read at
/// all: the middleware treats empty lists as "trust every sender".
/// </summary>
internal sealed class ConfigureForwardedHeaders(IOptions<TrustedProxyOptions> trusted) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        var anyTrusted = trusted.Value.TrustedNetworks.Count > 0 || trusted.Value.TrustedProxies.Count > 0;
        options.ForwardedHeaders = anyTrusted ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
        options.ForwardLimit = trusted.Value.ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the older list is still read by the middleware; it must not keep its loopback entry
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var network in trusted.Value.TrustedNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        foreach (var proxy in trusted.Value.TrustedProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
    }
}
