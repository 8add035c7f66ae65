using System.Text.RegularExpressions;

namespace Growbin.ChatLlm.Requests;

/// <summary>
/// One message to the assistant: the JSON body of <c>POST /api/v1/chat/message</c> and of a WebSocket frame.
/// Without <see cref="ConversationId"/> a new conversation starts.
/// </summary>
public sealed partial record ChatMessageRequest
{
    /// <summary>A conversation of the caller's to continue (32 lower-case hex digits).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The question, 1–2,000 characters after trimming.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// The scan the question is about (its taskId: 32 lower-case hex digits). Remembered with the turn, so later
    /// messages of the conversation stay about it without repeating it.
    /// </summary>
    public string? ScanId { get; init; }

    /// <summary>
    /// Where the person lives ("서울특별시 마포구", "서울"), whose own rules the answer gives; without it, the profile's
    /// region (userinfo), else the national rules.
    /// </summary>
    public string? Region { get; init; }

    public static bool IsScanId(string value) => ScanIdPattern().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ScanIdPattern();
}
