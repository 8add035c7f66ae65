using System.Security.Cryptography;

namespace Growbin.ChatLlm.Conversations;

/// <summary>Conversation ids: 128 random bits as 32 lower-case hex digits, unguessable so ids alone leak nothing.</summary>
public static class ConversationId
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
