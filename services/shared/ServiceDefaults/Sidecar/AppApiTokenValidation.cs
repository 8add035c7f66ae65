using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>
/// In Production the app refuses to start without <c>APP_API_TOKEN</c>: without it every sidecar-only route is open to
/// anything that reaches the app's port. Dapr's injector does not provide it to the app: it sets the variable only on
/// the daprd container (dapr/dapr <c>pkg/injector/patcher/sidecar_container.go</c>), so the pod spec must give the app
/// container the same secret (<c>dapr-app-token</c>, key <c>token</c>) itself. Other environments may run without it.
/// </summary>
internal sealed class AppApiTokenValidation(IHostEnvironment environment) : IValidateOptions<AppApiTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, AppApiTokenOptions options)
    {
        if (name != AppApiTokenHandler.SchemeName || !environment.IsProduction() || !string.IsNullOrWhiteSpace(options.Token))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{AppApiTokenOptions.ConfigurationKey} is not set. In Production it is required: without it the sidecar-only " +
            "routes (/internal, /actors, /dapr, /events, subscriptions, input bindings) are open to anyone who reaches " +
            "the app's port. Give the app container the env variable from the secret the pod's dapr.io/app-token-secret " +
            "names (valueFrom.secretKeyRef: name dapr-app-token, key token); Dapr's injector sets it only on daprd.");
    }
}
