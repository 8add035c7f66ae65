namespace Growbin.TestSupport.OAuth;

/// <summary>An account at a fake provider. For kakao <see cref="Id"/> must be a number (Kakao ids are int64).</summary>
public sealed record FakeOAuthAccount(string Id, string? Email = null, string? Nickname = null, string? ProfileImageUrl = null);
