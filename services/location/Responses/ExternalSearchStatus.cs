namespace Growbin.Location.Responses;

/// <summary>
/// How the outside provider answered: <see cref="Status"/> <c>ok</c> (its places are merged in; <see cref="Cached"/>
/// when they came from the day-long cache) or <c>unavailable</c> (only local results; <see cref="Reason"/> is one of
/// <c>not-configured</c>, <c>unauthorized</c>, <c>rate-limited</c>, <c>timeout</c>, <c>malformed-response</c>,
/// <c>error</c>).
/// </summary>
public sealed record ExternalSearchStatus(string Provider, string Status, string? Reason, bool Cached)
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";
}
