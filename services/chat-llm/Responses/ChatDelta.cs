namespace Growbin.ChatLlm.Responses;

/// <summary>The data of one SSE <c>delta</c> event: the text the model added.</summary>
public sealed record ChatDelta(string Text);
