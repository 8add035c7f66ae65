using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// Validates Growbin access tokens the same way in every app: ES256 only, a known <c>kid</c>, issuer, audience,
/// lifetime, <c>sub</c> and <c>jti</c> present, neither the token nor its (deleted) account denylisted. A validated token is kept in a bounded cache until it
/// expires, so a client's next request costs a dictionary look-up instead of an ECDSA verification; the denylist is
/// read again once <see cref="JwtValidationOptions.DenylistRecheck"/> has passed.
/// </summary>
public sealed class AccessTokenValidator : IDisposable
{
    public const string AuthenticationType = "Bearer";

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private readonly ISigningKeySource _keys;
    private readonly TokenDenylist _denylist;
    private readonly TimeProvider _time;
    private readonly JwtValidationOptions _options;
    private readonly MemoryCache? _cache;

    public AccessTokenValidator(ISigningKeySource keys, TokenDenylist denylist, IOptions<JwtValidationOptions> options, TimeProvider time)
    {
        _keys = keys;
        _denylist = denylist;
        _time = time;
        _options = options.Value;
        _cache = _options.ValidatedTokenCacheSize > 0
            ? new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.ValidatedTokenCacheSize })
            : null;
    }

    public async ValueTask<AccessTokenResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (_cache is not null && _cache.TryGetValue(token, out CachedToken? cached) && cached is not null)
        {
            if (now >= cached.Token.ExpiresAt + _options.ClockSkew)
            {
                _cache.Remove(token);
                return AccessTokenResult.Invalid("The access token has expired.");
            }

            if (now - cached.DenyCheckedAt < _options.DenylistRecheck)
            {
                return AccessTokenResult.Valid(cached.Token);
            }

            if (await _denylist.IsDeniedAsync(cached.Token.Jti, cached.Token.UserId, cancellationToken))
            {
                _cache.Remove(token);
                return Revoked;
            }

            cached.DenyCheckedAt = now;
            return AccessTokenResult.Valid(cached.Token);
        }

        var result = await ValidateSignedAsync(token, cancellationToken);
        if (!result.IsValid)
        {
            return result;
        }

        if (await _denylist.IsDeniedAsync(result.Token!.Jti, result.Token.UserId, cancellationToken))
        {
            return Revoked;
        }

        _cache?.Set(token, new CachedToken(result.Token, now), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpiration = result.Token.ExpiresAt + _options.ClockSkew,
        });
        return result;
    }

    /// <summary>Drops a token from this instance's cache at once (after denylisting it here).</summary>
    public void Forget(string token) => _cache?.Remove(token);

    public void Dispose() => _cache?.Dispose();

    private static AccessTokenResult Revoked => AccessTokenResult.Invalid("The access token has been revoked.");

    private async Task<AccessTokenResult> ValidateSignedAsync(string token, CancellationToken cancellationToken)
    {
        var keys = await _keys.GetKeysAsync(unknownKid: false, cancellationToken);
        var result = await Handler.ValidateTokenAsync(token, Parameters(keys));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A kid we do not hold: auth may have rotated keys since we last looked.
            keys = await _keys.GetKeysAsync(unknownKid: true, cancellationToken);
            result = await Handler.ValidateTokenAsync(token, Parameters(keys));
        }

        if (!result.IsValid)
        {
            return AccessTokenResult.Invalid(Describe(result.Exception));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var sub) || string.IsNullOrWhiteSpace(sub)
            || string.IsNullOrWhiteSpace(jwt.Id))
        {
            return AccessTokenResult.Invalid("The access token lacks a subject or an id.");
        }

        return AccessTokenResult.Valid(new AccessToken(sub, jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), result.ClaimsIdentity));
    }

    private TokenValidationParameters Parameters(IReadOnlyList<SecurityKey> keys) => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        IssuerSigningKeys = keys,
        TryAllIssuerSigningKeys = false,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = ValidateLifetime,
        NameClaimType = JwtRegisteredClaimNames.Sub,
        AuthenticationType = AuthenticationType,
    };

    // The library's own check reads the wall clock; this one reads TimeProvider, so tests can move time.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null || now >= expires.Value.Add(parameters.ClockSkew))
        {
            throw new SecurityTokenExpiredException("The access token has expired.");
        }

        if (notBefore is not null && now < notBefore.Value.Subtract(parameters.ClockSkew))
        {
            throw new SecurityTokenNotYetValidException("The access token is not valid yet.");
        }

        return true;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet.",
        SecurityTokenInvalidIssuerException => "The access token was issued by someone else.",
        SecurityTokenInvalidAudienceException => "The access token is meant for another audience.",
        SecurityTokenSignatureKeyNotFoundException => "The access token names a signing key auth does not publish.",
        SecurityTokenInvalidAlgorithmException => "The access token is not signed with ES256.",
        SecurityTokenInvalidSignatureException => "The access token's signature does not verify.",
        _ => "The access token is malformed or not signed.",
    };

    private sealed class CachedToken(AccessToken token, DateTimeOffset denyCheckedAt)
    {
        // Ticks in a long, so concurrent requests for one token never read a torn time.
        private long _denyCheckedAtTicks = denyCheckedAt.UtcTicks;

        public AccessToken Token { get; } = token;

        public DateTimeOffset DenyCheckedAt
        {
            get => new(Interlocked.Read(ref _denyCheckedAtTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _denyCheckedAtTicks, value.UtcTicks);
        }
    }
}
