using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Limits;

/// <summary>Kestrel's limits from <see cref="RequestLimitsOptions"/>: body size, minimum data rates, header time.</summary>
internal sealed class ConfigureKestrelLimits(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var value = limits.Value;
        options.Limits.MaxRequestBodySize = value.MaxRequestBodyBytes;
        options.Limits.MinRequestBodyDataRate = new MinDataRate(value.MinRequestBodyBytesPerSecond, value.DataRateGracePeriod);
        options.Limits.MinResponseDataRate = new MinDataRate(value.MinResponseBytesPerSecond, value.DataRateGracePeriod);
        options.Limits.RequestHeadersTimeout = value.RequestHeadersTimeout;
    }
}
