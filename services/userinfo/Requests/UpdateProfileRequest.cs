namespace Growbin.UserInfo.Requests;

/// <summary>
/// PUT /api/v1/users/me: the whole editable profile. A full replace: a field left out or sent as null is cleared
/// (nickname excepted, which is required).
/// </summary>
/// <param name="Nickname">2–20 characters once trimmed.</param>
/// <param name="ProfileImageUrl">An absolute https URL of at most 2048 characters, or null to clear.</param>
/// <param name="Region">A 시군구 such as "서울특별시 마포구", "경기도 성남시 분당구" or "세종특별자치시", or null to clear.</param>
public sealed record UpdateProfileRequest(string? Nickname, string? ProfileImageUrl = null, string? Region = null);
