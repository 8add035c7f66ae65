namespace Growbin.ChatLlm.Responses;

/// <summary>The assistant's answer (also the data of the SSE <c>done</c> event).</summary>
public sealed record ChatMessageResponse(string ConversationId, string Reply, IReadOnlyList<ChatCitation> Citations);
