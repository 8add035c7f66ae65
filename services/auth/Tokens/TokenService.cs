using System.Security.Cryptography;
using System.Text;
using Dapr.Client;
using Growbin.Auth.Keys;
using Growbin.Auth.RateLimiting;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Authentication;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Tokens;

/// <summary>
/// Issues, rotates, revokes and verifies tokens. A login's refresh tokens are one family with one state record, which
/// holds the hash of the token that may be used next; rotation replaces it with an ETag-guarded write, so two uses of
/// one token cannot both win, and presenting any other token of the family ends it. The record's TTL is the current
/// token's lifetime, so a loop of refreshes rewrites one key instead of adding keys.
/// </summary>
public sealed class TokenService(
    DaprClient dapr,
    SigningKeyStore keys,
    FamilyRateLimiter familyLimiter,
    IOptions<AuthOptions> options,
    IOptions<JwtValidationOptions> jwt,
    AccessTokenValidator validator,
    TokenDenylist denylist,
    [FromKeyedServices(TokenService.UserFamiliesIndex)] UserKeyIndex userFamilies,
    TimeProvider time)
{
    /// <summary>
    /// Each user's family keys (<c>auth|user-families|{userId}</c>), so a deleted account's families can be deleted
    /// (<see cref="ForgetUserAsync"/>); an entry lives as long as a family can, and a user past
    /// <see cref="MaxFamiliesPerUser"/> logins loses the oldest.
    /// </summary>
    public const string UserFamiliesIndex = "auth|user-families";

    public const int MaxFamiliesPerUser = 200;

    private const string FamilyPrefix = "auth|family|";
    private const string DeletedUserPrefix = "auth|user-deleted|";

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private TimeSpan RefreshLifetime => options.Value.RefreshTokenLifetime;

    /// <summary>Starts a new family for <paramref name="userId"/>: the first token pair after a login.</summary>
    public async Task<TokenPair> IssueAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var now = time.GetUtcNow();
        var token = RefreshToken.New();
        // Signed first: a login that cannot sign (no usable key) stores nothing.
        var pair = await IssuePairAsync(userId, token, now, cancellationToken);
        var family = new FamilyRecord(userId, Hash(token.Value), now, now, RevokedAt: null);
        // Listed before it is written, so a deleted account's families are all found; the oldest past the limit end.
        var ended = await userFamilies.AddAsync(userId, KeyOf(token), cancellationToken);
        if (ended.Count > 0)
        {
            await dapr.ExecuteStateTransactionAsync(DaprComponents.StateStore,
                ended.Select(k => new StateTransactionRequest(k, null, StateOperationType.Delete)).ToList(), cancellationToken: cancellationToken);
        }

        await dapr.SaveStateAsync(DaprComponents.StateStore, KeyOf(token), family,
            metadata: Ttl(RefreshLifetime), cancellationToken: cancellationToken);
        return pair;
    }

    /// <summary>
    /// Rotates <paramref name="refreshToken"/>. Refused when it is malformed, unknown, expired, revoked or replayed;
    /// limited (nothing written) when its family has used up its refreshes for now.
    /// </summary>
    public async Task<RefreshResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        if (RefreshToken.Parse(refreshToken) is not { } token)
        {
            return RefreshResult.Refused;
        }

        var key = KeyOf(token);
        var (family, etag) = await dapr.GetStateAndETagAsync<FamilyRecord?>(
            DaprComponents.StateStore, key, cancellationToken: cancellationToken);
        var now = time.GetUtcNow();
        if (family is null || family.RevokedAt is not null || now >= family.IssuedAt + RefreshLifetime)
        {
            return RefreshResult.Refused;
        }

        if (await IsDeletedAsync(family.UserId, cancellationToken))
        {
            await RevokeAsync(key, family, now, cancellationToken);
            return RefreshResult.Refused;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token.Value)), Encoding.ASCII.GetBytes(family.TokenHash)))
        {
            // An earlier token of this family coming back means someone else holds a copy: end the whole login.
            // Checked before the family's limit, so rotating fast cannot keep the real owner's replay from counting.
            await RevokeAsync(key, family, now, cancellationToken);
            return RefreshResult.Refused;
        }

        if (familyLimiter.TryAcquire(key) is { } retryAfter)
        {
            return RefreshResult.Limited(retryAfter);
        }

        var next = RefreshToken.New(token.FamilyId);
        var pair = await IssuePairAsync(family.UserId, next, now, cancellationToken);
        var rotated = family with { TokenHash = Hash(next.Value), IssuedAt = now };
        var won = await dapr.TrySaveStateAsync(DaprComponents.StateStore, key, rotated, etag,
            metadata: Ttl(RefreshLifetime), cancellationToken: cancellationToken);
        if (!won)
        {
            // The same token was used twice at once (or the family was revoked meanwhile); the loser is a replay.
            await RevokeAsync(key, family, now, cancellationToken);
            return RefreshResult.Refused;
        }

        return RefreshResult.Issued(pair);
    }

    /// <summary>
    /// Ends the family of <paramref name="refreshToken"/> if it belongs to <paramref name="userId"/>. Null when done or
    /// there is nothing to end; otherwise the family's limit is used up and nothing was written, for this long.
    /// </summary>
    public async Task<TimeSpan?> RevokeFamilyOfAsync(string refreshToken, string userId, CancellationToken cancellationToken = default)
    {
        if (RefreshToken.Parse(refreshToken) is not { } token)
        {
            return null;
        }

        var key = KeyOf(token);
        var family = await dapr.GetStateAsync<FamilyRecord?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
        if (family is null || family.UserId != userId || family.RevokedAt is not null)
        {
            return null;
        }

        if (familyLimiter.TryAcquire(key) is { } retryAfter)
        {
            return retryAfter;
        }

        await RevokeAsync(key, family, time.GetUtcNow(), cancellationToken);
        return null;
    }

    /// <summary>
    /// A deleted account (<c>user-deleted</c>): its families are deleted, with their index. First a mark by user id
    /// (<c>auth|user-deleted|{userId}</c>, holding only the time, kept as long as a refresh token can live) that
    /// refuses any token of the account, so a refresh racing the deletion cannot bring a family back to life.
    /// Access tokens already out are refused by the token denylist (userinfo puts the account on it). Safe to repeat.
    /// </summary>
    public async Task ForgetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await dapr.SaveStateAsync(DaprComponents.StateStore, DeletedUserPrefix + userId, time.GetUtcNow(),
            metadata: Ttl(options.Value.RefreshTokenLifetime), cancellationToken: cancellationToken);
        var families = await userFamilies.ListAsync(userId, cancellationToken);
        await userFamilies.DeleteWithAsync(userId, families, cancellationToken);
    }

    /// <summary>Keeps <paramref name="token"/> (<paramref name="raw"/>) rejected until it would have expired anyway.</summary>
    public async Task DenyAsync(AccessToken token, string raw, CancellationToken cancellationToken = default)
    {
        validator.Forget(raw);
        var remaining = token.ExpiresAt - time.GetUtcNow() + jwt.Value.ClockSkew;
        if (remaining > TimeSpan.Zero)
        {
            await denylist.DenyAsync(token.Jti, token.UserId, remaining, cancellationToken);
        }
    }

    /// <summary>Checks an access token as every API does, denylist included; null when it must be refused.</summary>
    public async Task<AccessToken?> VerifyAsync(string accessToken, CancellationToken cancellationToken = default) =>
        (await validator.ValidateAsync(accessToken, cancellationToken)).Token;

    private async Task<TokenPair> IssuePairAsync(string userId, RefreshToken refreshToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.AccessTokenLifetime;
        var access = await CreateAccessTokenAsync(userId, now, lifetime, cancellationToken);
        return new TokenPair(access, refreshToken.Value, "Bearer", (int)lifetime.TotalSeconds);
    }

    private async Task<string> CreateAccessTokenAsync(string userId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var set = await keys.GetAsync(cancellationToken);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Value.Issuer,
            Audience = jwt.Value.Audience,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId,
                [JwtRegisteredClaimNames.Jti] = NewId(),
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(set.Active, SecurityAlgorithms.EcdsaSha256),
        });
    }

    // Unconditional, so it bumps the ETag and a rotation that read the record before it loses. The record stays until
    // its current token would have expired; after that no token of the family is known anyway.
    private async Task RevokeAsync(string key, FamilyRecord family, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var remaining = family.IssuedAt + RefreshLifetime - now;
        if (remaining > TimeSpan.Zero)
        {
            await dapr.SaveStateAsync(DaprComponents.StateStore, key, family with { RevokedAt = now },
                metadata: Ttl(remaining), cancellationToken: cancellationToken);
        }
    }

    private async Task<bool> IsDeletedAsync(string userId, CancellationToken cancellationToken) =>
        await dapr.GetStateAsync<DateTimeOffset?>(DaprComponents.StateStore, DeletedUserPrefix + userId,
            cancellationToken: cancellationToken) is not null;

    private static Dictionary<string, string> Ttl(TimeSpan ttl) =>
        new() { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    // The family id itself is never stored: a leaked store must not let anyone name a family and end it.
    private static string KeyOf(RefreshToken token) => FamilyPrefix + Hash(token.FamilyId);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string NewId() => Guid.NewGuid().ToString("N");
}
