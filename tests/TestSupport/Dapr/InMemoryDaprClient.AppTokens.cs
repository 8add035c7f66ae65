namespace Growbin.TestSupport.Dapr;

public sealed partial class InMemoryDaprClient
{
    /// <summary>The header a Dapr sidecar puts on every request to its app when the app has an API token.</summary>
    public const string AppTokenHeader = "dapr-api-token";

    private readonly Dictionary<string, string> _appTokens = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Like <see cref="RegisterApp(string, HttpClient)"/> for an app whose sidecar has an app API token (the app's
    /// <c>APP_API_TOKEN</c>): every invocation forwarded to it carries <c>dapr-api-token: {appToken}</c>, as daprd sends.
    /// </summary>
    public InMemoryDaprClient RegisterApp(string appId, HttpClient client, string appToken)
    {
        RequireNotEmpty(appToken, nameof(appToken));
        RegisterApp(appId, client);
        lock (_appsGate)
        {
            _appTokens[appId] = appToken;
        }

        return this;
    }

    private void AddAppToken(string appId, HttpRequestMessage forwarded)
    {
        string? token;
        lock (_appsGate)
        {
            token = _appTokens.GetValueOrDefault(appId);
        }

        if (token is not null)
        {
            // The callee's sidecar sets its own token, whatever the caller sent.
            forwarded.Headers.Remove(AppTokenHeader);
            forwarded.Headers.TryAddWithoutValidation(AppTokenHeader, token);
        }
    }
}
