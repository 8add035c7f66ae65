using System.ComponentModel.DataAnnotations;

namespace Growbin.ChatLlm;

/// <summary>Configuration section <c>Chat</c>: how much of a conversation is remembered, and for how long.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Turns kept per conversation; older ones are dropped when a new one is appended.</summary>
    [Range(2, 200)]
    public int MaxTurns { get; set; } = 20;

    /// <summary>How long a conversation lives after its last write (ARCHITECTURE §6: chat memory, 7 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan ConversationTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Cap on the tokens of one answer (ARCHITECTURE §8).</summary>
    [Range(16, 4000)]
    public int MaxOutputTokens { get; set; } = 400;

    /// <summary>Longest message accepted, in characters after trimming.</summary>
    public const int MaxMessageLength = 2000;
}
