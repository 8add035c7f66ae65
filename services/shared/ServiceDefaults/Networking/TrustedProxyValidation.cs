using System.Net;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Networking;

/// <summary>A trusted proxy entry that does not parse stops the app at start-up, naming the entry.</summary>
internal sealed class TrustedProxyValidation : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(options.TrustedNetworks
            .Where(n => !System.Net.IPNetwork.TryParse(n, out _))
            .Select(n => $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.TrustedNetworks)} entry '{n}' is not a CIDR range such as 10.0.0.0/24."));
        errors.AddRange(options.TrustedProxies
            .Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.TrustedProxies)} entry '{p}' is not an IP address."));
        if (options.ForwardLimit < 1)
        {
            errors.Add($"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.ForwardLimit)} must be at least 1.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
