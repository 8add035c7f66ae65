namespace Growbin.UserInfo.Responses;

/// <summary>The signed-in user's profile.</summary>
/// <param name="ProfileImageUrl">An absolute https URL, or null when none is set.</param>
/// <param name="Region">The 시군구 whose local disposal rules apply (e.g. "서울특별시 마포구"), or null.</param>
public sealed record UserProfileResponse(
    Guid Id,
    string Nickname,
    string? ProfileImageUrl,
    string? Region,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
