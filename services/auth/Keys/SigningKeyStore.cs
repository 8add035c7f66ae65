using System.Security.Cryptography;
using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Keys;

/// <summary>
/// Loads the ES256 keys from the Dapr secret store at first use and keeps them for
/// <see cref="AuthOptions.SigningKeysRefresh"/>, so signing never waits on the sidecar and a rotation still arrives.
/// Outside Development a set holding <see cref="ExampleSigningKey"/> is refused at every load, not only at start.
/// </summary>
public sealed class SigningKeyStore(DaprClient dapr, IOptions<AuthOptions> options, TimeProvider time, IHostEnvironment environment)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningKeySet? _current;

    public async Task<SigningKeySet> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < options.Value.SigningKeysRefresh)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is null || time.GetUtcNow() - current.LoadedAt >= options.Value.SigningKeysRefresh)
            {
                _current = current = await LoadAsync(cancellationToken);
            }

            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SigningKeySet> LoadAsync(CancellationToken cancellationToken)
    {
        var name = options.Value.SigningKeysSecret;
        var secret = await dapr.GetSecretAsync(DaprComponents.SecretStore, name, cancellationToken: cancellationToken);
        if (!secret.TryGetValue(name, out var json))
        {
            throw new InvalidOperationException($"Secret '{name}' has no value under the key '{name}'.");
        }

        var entries = JsonSerializer.Deserialize<List<SigningKeySecret>>(json, Json) ?? [];
        if (entries.Count == 0 || entries.Select(e => e.Kid).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            throw new InvalidOperationException($"Secret '{name}' must list at least one key, each with its own kid.");
        }

        var active = entries.Where(e => e.Active).ToList();
        if (active.Count != 1)
        {
            throw new InvalidOperationException($"Secret '{name}' must mark exactly one key active, not {active.Count}.");
        }

        var keys = entries.Select(ToSecurityKey).ToList();
        if (!environment.IsDevelopment() && keys.FirstOrDefault(k => ExampleSigningKey.Is(k.ECDsa)) is { } example)
        {
            throw new ExampleSigningKeyException(example.KeyId, name);
        }

        return new SigningKeySet(keys, keys.Single(k => k.KeyId == active[0].Kid), time.GetUtcNow());
    }

    private static ECDsaSecurityKey ToSecurityKey(SigningKeySecret entry)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(entry.PrivateKeyPem);
        if (ecdsa.KeySize != 256)
        {
            throw new InvalidOperationException($"Signing key '{entry.Kid}' is not P-256.");
        }

        return new ECDsaSecurityKey(ecdsa) { KeyId = entry.Kid };
    }
}
