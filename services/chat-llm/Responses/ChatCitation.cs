namespace Growbin.ChatLlm.Responses;

/// <summary>A knowledge item an answer rests on.</summary>
public sealed record ChatCitation(string ItemId, string Name);
