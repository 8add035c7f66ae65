namespace Growbin.ServiceDefaults.Telemetry;

/// <summary>Values of the <c>outcome</c> label of <c>growbin_ai_calls_total</c>.</summary>
public static class AiCallOutcomes
{
    public const string Ok = "ok";
    public const string RateLimited = "rate-limited";
    public const string ServerError = "server-error";
    public const string Timeout = "timeout";
    public const string NetworkError = "network-error";
    public const string BadResponse = "bad-response";
    public const string Rejected = "rejected";
    public const string Refused = "refused";
    public const string Malformed = "malformed";
    public const string Cancelled = "cancelled";
}
