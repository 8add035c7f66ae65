using System.Text.Json.Serialization;

namespace Growbin.Contracts.Pipeline;

[JsonConverter(typeof(JsonStringEnumConverter<RuleMatch>))]
public enum RuleMatch
{
    /// <summary>The dataset's item, found by the model's item id or its words.</summary>
    [JsonStringEnumMemberName("item")]
    Item,

    /// <summary>Only the category is known; steps are the category's.</summary>
    [JsonStringEnumMemberName("category")]
    Category,
}
