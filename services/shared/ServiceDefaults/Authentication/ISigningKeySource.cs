using Microsoft.IdentityModel.Tokens;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>The public keys access tokens may be signed with.</summary>
public interface ISigningKeySource
{
    /// <summary>
    /// The current keys. <paramref name="unknownKid"/> says a token named a key not among them: the source may look
    /// again (rotation) if it has not just done so.
    /// </summary>
    ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(bool unknownKid, CancellationToken cancellationToken);
}
