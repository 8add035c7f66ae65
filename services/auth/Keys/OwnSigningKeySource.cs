using Growbin.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Keys;

/// <summary>auth validates against the keys it signs with, straight from its store, instead of asking itself for its JWKS.</summary>
public sealed class OwnSigningKeySource(SigningKeyStore store) : ISigningKeySource
{
    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(bool unknownKid, CancellationToken cancellationToken) =>
        (await store.GetAsync(cancellationToken)).All;
}
