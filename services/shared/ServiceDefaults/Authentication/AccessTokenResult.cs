namespace Growbin.ServiceDefaults.Authentication;

/// <summary>The outcome of <see cref="AccessTokenValidator.ValidateAsync"/>: a token, or why there is none.</summary>
public readonly record struct AccessTokenResult(AccessToken? Token, string? Failure)
{
    public bool IsValid => Token is not null;

    public static AccessTokenResult Valid(AccessToken token) => new(token, null);

    public static AccessTokenResult Invalid(string failure) => new(null, failure);
}
