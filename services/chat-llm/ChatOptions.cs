using System.ComponentModel.DataAnnotations;

namespace Growbin.ChatLlm;

/// <summary>
/// Configuration section <c>Chat</c>: how much of a conversation is remembered and for how long, and what one user
/// may spend. The model, its output cap and its prices are in section <c>OpenAI</c>.
/// </summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Turns kept per conversation; older ones are dropped when a new one is appended.</summary>
    [Range(2, 200)]
    public int MaxTurns { get; set; } = 20;

    /// <summary>How long a conversation lives after its last write (ARCHITECTURE §6: chat memory, 7 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan ConversationTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Messages one user may send per minute (HTTP and WebSocket together, per replica).</summary>
    [Range(1, 1000)]
    public int MessagesPerMinute { get; set; } = 10;

    /// <summary>
    /// Model tokens (prompt + answer) one user may use per UTC day. The grounding block makes a prompt about
    /// 1,500–3,000 tokens, so the default allows some 20–30 questions a day (about 1 US cent on gpt-4o-mini).
    /// </summary>
    [Range(1, 10_000_000)]
    public long DailyTokenQuota { get; set; } = 60_000;

    /// <summary>Longest message accepted, in characters after trimming.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>A message's <c>region</c>, as userinfo's profile region allows.</summary>
    public const int MaxRegionLength = 50;
}
