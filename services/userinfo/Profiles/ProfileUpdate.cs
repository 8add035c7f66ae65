namespace Growbin.UserInfo.Profiles;

/// <summary>A profile that passed <see cref="ProfileRules"/>, in the form it is stored.</summary>
public sealed record ProfileUpdate(string Nickname, string? ProfileImageUrl, string? Region);
