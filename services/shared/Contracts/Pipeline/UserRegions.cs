namespace Growbin.Contracts.Pipeline;

/// <summary>userinfo's invoked-only read of a user's profile region (waste-api and chat-llm call it).</summary>
public static class UserRegions
{
    public const string RouteTemplate = "/internal/users/{id}/region";

    public static string PathOf(string userId) => $"/internal/users/{Uri.EscapeDataString(userId)}/region";
}

/// <param name="Region">The profile's region ("서울특별시 마포구"), or null when the user has not set one.</param>
public sealed record UserRegion(string? Region);
