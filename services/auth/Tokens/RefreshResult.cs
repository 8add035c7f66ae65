namespace Growbin.Auth.Tokens;

/// <summary>What a refresh came to: a new pair, a refusal (both null), or the family's rate limit (<see cref="RetryAfter"/>).</summary>
public sealed record RefreshResult(TokenPair? Pair, TimeSpan? RetryAfter)
{
    public static RefreshResult Refused { get; } = new(null, null);

    public static RefreshResult Issued(TokenPair pair) => new(pair, null);

    public static RefreshResult Limited(TimeSpan retryAfter) => new(null, retryAfter);
}
