using Growbin.Knowledge;

namespace Growbin.ChatLlm.Grounding;

/// <summary>The knowledge a message is answered from, and the system prompt that carries it.</summary>
public sealed record GroundedPrompt(IReadOnlyList<Item> Items, IReadOnlyList<FaqEntry> Faq, string SystemPrompt);
