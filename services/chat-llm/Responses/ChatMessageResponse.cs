namespace Growbin.ChatLlm.Responses;

/// <summary>A knowledge item an answer rests on.</summary>
public sealed record ChatCitation(string ItemId, string Name);

/// <summary>The assistant's answer (also the data of the SSE <c>done</c> event).</summary>
public sealed record ChatMessageResponse(string ConversationId, string Reply, IReadOnlyList<ChatCitation> Citations);

/// <summary>The data of one SSE <c>delta</c> event.</summary>
public sealed record ChatDelta(string Text);
