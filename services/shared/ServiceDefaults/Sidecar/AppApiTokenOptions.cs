using Microsoft.AspNetCore.Authentication;

namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>
/// The token this app's Dapr sidecar sends as <c>dapr-api-token</c> on every call to the app. In Kubernetes the
/// injector sets <c>APP_API_TOKEN</c> from the <c>dapr.io/app-token-secret</c> annotation; locally it is unset.
/// </summary>
public sealed class AppApiTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>The configuration key (the environment variable daprd's injector sets).</summary>
    public const string ConfigurationKey = "APP_API_TOKEN";

    public string? Token { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Token);
}
