namespace Growbin.ChatLlm.Conversations;

/// <summary>Who spoke a turn; stored and served as these strings.</summary>
public static class TurnRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";

    public static bool IsKnown(string? role) => role is User or Assistant;
}
