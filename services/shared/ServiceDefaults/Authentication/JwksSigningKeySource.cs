using System.Net.Http.Json;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// auth's JWKS, fetched through Dapr service invocation and cached for <see cref="JwtValidationOptions.JwksRefresh"/>;
/// an unknown kid fetches again at most every <see cref="JwtValidationOptions.JwksMinRefreshInterval"/>. When a fetch
/// fails the keys already held stay in use, so a restarting auth does not log everyone out.
/// </summary>
public sealed partial class JwksSigningKeySource(
    DaprClient dapr,
    IOptions<JwtValidationOptions> options,
    TimeProvider time,
    ILogger<JwksSigningKeySource> logger) : ISigningKeySource
{
    public const string JwksPath = "/api/v1/auth/.well-known/jwks.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<HttpClient> _auth = new(() => dapr.CreateInvokableHttpClient(AppIds.Auth));
    private Snapshot? _current;

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(bool unknownKid, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !IsDue(current, unknownKid))
        {
            return current.Keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the gate before may have fetched already.
            current = _current;
            if (current is not null && !IsDue(current, unknownKid))
            {
                return current.Keys;
            }

            try
            {
                _current = current = new Snapshot(await FetchAsync(cancellationToken), time.GetUtcNow());
                LogFetched(current.Keys.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && current is not null)
            {
                LogFetchFailed(ex);
                // Try again after the short interval rather than on every request.
                _current = current = current with { FetchedAt = time.GetUtcNow() - options.Value.JwksRefresh + options.Value.JwksMinRefreshInterval };
            }

            return current.Keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsDue(Snapshot snapshot, bool unknownKid)
    {
        var age = time.GetUtcNow() - snapshot.FetchedAt;
        return age >= options.Value.JwksRefresh || (unknownKid && age >= options.Value.JwksMinRefreshInterval);
    }

    private async Task<IReadOnlyList<SecurityKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var json = await _auth.Value.GetStringAsync(JwksPath, cancellationToken);
        var keys = new JsonWebKeySet(json).GetSigningKeys()
            .Where(k => k is JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve } or ECDsaSecurityKey)
            .ToList();
        return keys.Count > 0 ? keys : throw new InvalidOperationException("auth's JWKS holds no EC signing key.");
    }

    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);

    [LoggerMessage(LogLevel.Information, "Fetched {Count} signing keys from auth's JWKS")]
    private partial void LogFetched(int count);

    [LoggerMessage(LogLevel.Warning, "Fetching auth's JWKS failed; keeping the keys already held")]
    private partial void LogFetchFailed(Exception exception);
}
