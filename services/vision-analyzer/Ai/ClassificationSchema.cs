using System.Text.Json;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;

namespace Growbin.VisionAnalyzer.Ai;

/// <summary>
/// The structured-output schema of a scan: the model can only answer with the dataset's category and item ids and the
/// conditions <c>rules</c> understands. Strict mode demands every property be required and no other be allowed, so
/// "no item" is an explicit null.
/// </summary>
public sealed class ClassificationSchema
{
    public const string Name = "classification";

    public ClassificationSchema(KnowledgeBase knowledge)
    {
        var schema = new
        {
            type = "object",
            properties = new Dictionary<string, object>
            {
                ["category"] = new { type = "string", @enum = knowledge.Categories.Select(c => c.Id).ToArray() },
                ["itemId"] = new
                {
                    type = new[] { "string", "null" },
                    @enum = knowledge.Items.Select(i => (string?)i.Id).Append(null).ToArray(),
                },
                ["itemName"] = new { type = "string" },
                ["materials"] = new { type = "array", items = new { type = "string" } },
                ["condition"] = new { type = "array", items = new { type = "string", @enum = ItemConditions.All } },
                ["confidence"] = new { type = "number" },
            },
            required = new[] { "category", "itemId", "itemName", "materials", "condition", "confidence" },
            additionalProperties = false,
        };
        Json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(schema));
    }

    /// <summary>The schema as sent; compact, since real servers count it as prompt tokens.</summary>
    public BinaryData Json { get; }
}
