using System.Text.Json.Serialization;

namespace Growbin.ChatLlm.Conversations;

/// <summary>
/// One message in a conversation. <paramref name="Citations"/> are the knowledge item ids an answer rests on;
/// <paramref name="ScanId"/> links a turn to the scan it is about. Both are left out of the JSON when absent.
/// </summary>
public sealed record ConversationTurn(
    string Role,
    string Content,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Citations = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ScanId = null);
