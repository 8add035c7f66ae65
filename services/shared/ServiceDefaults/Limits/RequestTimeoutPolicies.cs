namespace Growbin.ServiceDefaults.Limits;

/// <summary>
/// Named request-timeout policies (<c>.WithRequestTimeout(RequestTimeoutPolicies.Upload)</c>); every other public
/// endpoint gets <see cref="RequestLimitsOptions.RequestTimeout"/>. A WebSocket endpoint uses
/// <c>.DisableRequestTimeout()</c>: the socket lives as long as its session. Sidecar-only routes have none of ours:
/// the sidecar's resiliency policies time those calls.
/// </summary>
public static class RequestTimeoutPolicies
{
    public const string Upload = "upload";

    public const string Streaming = "streaming";
}
