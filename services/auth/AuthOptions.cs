namespace Growbin.Auth;

/// <summary>Token lifetimes and where the signing keys live. Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Short, because an access token cannot be recalled except through the denylist.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The secret (in the <c>secretstore</c> component) holding the signing keys; see README.md.</summary>
    public string SigningKeysSecret { get; set; } = "auth-signing-keys";

    /// <summary>How long loaded keys are used before the secret is read again, so a rotation is picked up.</summary>
    public TimeSpan SigningKeysRefresh { get; set; } = TimeSpan.FromMinutes(10);
}
