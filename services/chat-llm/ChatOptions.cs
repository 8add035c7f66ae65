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
}
