using System.Security.Cryptography;
using System.Text;
using Dapr.Client;
using Growbin.Auth.Keys;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Tokens;

/// <summary>
/// Issues, rotates, revokes and verifies tokens. Refresh state lives in the Dapr state store with TTLs, so expired
/// tokens disappear on their own; rotation is an ETag-guarded write so two uses of one token cannot both win.
/// </summary>
public sealed class TokenService(
    DaprClient dapr,
    SigningKeyStore keys,
    IOptions<AuthOptions> options,
    IOptions<JwtValidationOptions> jwt,
    AccessTokenValidator validator,
    TokenDenylist denylist,
    TimeProvider time)
{
    private const string RefreshPrefix = "auth|refresh|";
    private const string FamilyPrefix = "auth|family|";
    private const string RevokedPrefix = "auth|revoked|";
    private const string DeletedUserPrefix = "auth|user-deleted|";

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>Starts a new family for <paramref name="userId"/>: the first token pair after a login.</summary>
    public async Task<TokenPair> IssueAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var now = time.GetUtcNow();
        var family = new FamilyRecord(NewId(), userId, now);
        await SaveFamilyAsync(family, cancellationToken);
        return await IssuePairAsync(family, now, cancellationToken);
    }

    /// <summary>Rotates <paramref name="refreshToken"/>; null when it is unknown, expired, revoked or replayed.</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        var hash = Hash(refreshToken);
        var (record, etag) = await dapr.GetStateAndETagAsync<RefreshRecord?>(
            DaprComponents.StateStore, RefreshPrefix + hash, cancellationToken: cancellationToken);
        if (record is null)
        {
            return null;
        }

        var family = await GetFamilyAsync(record.FamilyId, cancellationToken);
        if (family is null || await IsRevokedAsync(family.FamilyId, cancellationToken))
        {
            return null;
        }

        if (await IsDeletedAsync(family.UserId, cancellationToken))
        {
            await RevokeFamilyAsync(family.FamilyId, cancellationToken);
            return null;
        }

        var now = time.GetUtcNow();
        if (record.RotatedAt is not null)
        {
            // A rotated token coming back means someone else holds a copy: end the whole login.
            await RevokeFamilyAsync(family.FamilyId, cancellationToken);
            return null;
        }

        var rotated = record with { RotatedAt = now };
        var won = await dapr.TrySaveStateAsync(DaprComponents.StateStore, RefreshPrefix + hash, rotated, etag,
            metadata: Ttl(RemainingRefreshLifetime(record, now)), cancellationToken: cancellationToken);
        if (!won)
        {
            // The same token was used twice at once; the loser is a replay.
            await RevokeFamilyAsync(family.FamilyId, cancellationToken);
            return null;
        }

        return await IssuePairAsync(family, now, cancellationToken);
    }

    /// <summary>Revokes the family of <paramref name="refreshToken"/> if it belongs to <paramref name="userId"/>.</summary>
    public async Task RevokeFamilyOfAsync(string refreshToken, string userId, CancellationToken cancellationToken = default)
    {
        var record = await dapr.GetStateAsync<RefreshRecord?>(
            DaprComponents.StateStore, RefreshPrefix + Hash(refreshToken), cancellationToken: cancellationToken);
        if (record is null || record.UserId != userId)
        {
            return;
        }

        await RevokeFamilyAsync(record.FamilyId, cancellationToken);
    }

    /// <summary>
    /// Refuses every refresh token of a deleted account from now on. Families are not indexed by user, so the mark
    /// is by user id and lives as long as any refresh token could; access tokens already out expire within 15 min.
    /// </summary>
    public Task ForgetUserAsync(string userId, CancellationToken cancellationToken = default) =>
        dapr.SaveStateAsync(DaprComponents.StateStore, DeletedUserPrefix + userId, time.GetUtcNow(),
            metadata: Ttl(options.Value.RefreshTokenLifetime), cancellationToken: cancellationToken);

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

    private async Task<TokenPair> IssuePairAsync(FamilyRecord family, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var hash = Hash(refreshToken);
        var record = new RefreshRecord(family.FamilyId, family.UserId, hash, now, null);
        await dapr.SaveStateAsync(DaprComponents.StateStore, RefreshPrefix + hash, record,
            metadata: Ttl(options.Value.RefreshTokenLifetime), cancellationToken: cancellationToken);
        await SaveFamilyAsync(family, cancellationToken);

        var lifetime = options.Value.AccessTokenLifetime;
        var access = await CreateAccessTokenAsync(family.UserId, now, lifetime, cancellationToken);
        return new TokenPair(access, refreshToken, "Bearer", (int)lifetime.TotalSeconds);
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

    private Task<FamilyRecord?> GetFamilyAsync(string familyId, CancellationToken cancellationToken) =>
        dapr.GetStateAsync<FamilyRecord?>(DaprComponents.StateStore, FamilyPrefix + familyId, cancellationToken: cancellationToken);

    // The family outlives its newest token, so a replay is still recognised as long as any token of it could be.
    private Task SaveFamilyAsync(FamilyRecord family, CancellationToken cancellationToken) =>
        dapr.SaveStateAsync(DaprComponents.StateStore, FamilyPrefix + family.FamilyId, family,
            metadata: Ttl(options.Value.RefreshTokenLifetime), cancellationToken: cancellationToken);

    // A key of its own rather than a flag on the family record: a rotation racing the revocation re-saves the
    // family and would otherwise clear the flag. Every token of the family expires before this key does.
    private Task RevokeFamilyAsync(string familyId, CancellationToken cancellationToken) =>
        dapr.SaveStateAsync(DaprComponents.StateStore, RevokedPrefix + familyId, time.GetUtcNow(),
            metadata: Ttl(options.Value.RefreshTokenLifetime), cancellationToken: cancellationToken);

    private async Task<bool> IsRevokedAsync(string familyId, CancellationToken cancellationToken) =>
        await dapr.GetStateAsync<DateTimeOffset?>(DaprComponents.StateStore, RevokedPrefix + familyId,
            cancellationToken: cancellationToken) is not null;

    private async Task<bool> IsDeletedAsync(string userId, CancellationToken cancellationToken) =>
        await dapr.GetStateAsync<DateTimeOffset?>(DaprComponents.StateStore, DeletedUserPrefix + userId,
            cancellationToken: cancellationToken) is not null;

    private TimeSpan RemainingRefreshLifetime(RefreshRecord record, DateTimeOffset now)
    {
        var remaining = record.IssuedAt + options.Value.RefreshTokenLifetime - now;
        return remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1);
    }

    private static Dictionary<string, string> Ttl(TimeSpan ttl) =>
        new() { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(ttl.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static string Hash(string refreshToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    private static string NewId() => Guid.NewGuid().ToString("N");
}
