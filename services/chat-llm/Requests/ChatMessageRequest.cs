namespace Growbin.ChatLlm.Requests;

/// <summary>One message to the assistant; without <see cref="ConversationId"/> a new conversation starts.</summary>
public sealed record ChatMessageRequest
{
    /// <summary>A conversation of the caller's to continue (32 lower-case hex digits).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The question, 1–2,000 characters after trimming.</summary>
    public string? Message { get; init; }

    /// <summary>The scan the question is about (32 lower-case hex digits), remembered with the turn.</summary>
    public string? ScanId { get; init; }
}
