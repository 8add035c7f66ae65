using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Keys;

/// <summary>Every published key (old ones stay so tokens they signed still validate) and the one that signs.</summary>
public sealed record SigningKeySet(IReadOnlyList<ECDsaSecurityKey> All, ECDsaSecurityKey Active, DateTimeOffset LoadedAt);
