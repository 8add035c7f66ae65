using Microsoft.AspNetCore.Authentication;

namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>
/// The token this app's Dapr sidecar sends as <c>dapr-api-token</c> on every call to the app. In Kubernetes the
/// pod gives the app container <c>APP_API_TOKEN</c> from the secret the <c>dapr.io/app-token-secret</c> annotation names
/// (the injector sets it only on daprd); locally it is unset. Required in Production (<see cref="AppApiTokenValidation"/>).
/// </summary>
public sealed class AppApiTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>The configuration key: the environment variable daprd reads the token from, given to the app too.</summary>
    public const string ConfigurationKey = "APP_API_TOKEN";

    public string? Token { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Token);
}
