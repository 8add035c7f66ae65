using System.Text.Json;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;

namespace Growbin.VisionAnalyzer.Ai;

/// <summary>
/// The structured-output schema of a scan: the model can only answer with the dataset's category and item ids and the
/// conditions <c>rules</c> understands. Strict mode demands every property be required and no other be allowed, so
/// "no item" is an explicit null.
/// </summary>
/// <remarks>
/// The provider bills the schema as prompt tokens on every call, and the item enum (every dataset id) is most of a
/// scan's tokens, so the schema holds only what is parsed and used: no descriptions (the ids and the prompt say enough)
/// and no <c>materials</c> (nothing after <c>analyze</c> reads it; <c>Classification.Materials</c> stays in the contract,
/// empty). Any change here is a change of <see cref="ScanPrompt.Version"/>.
/// </remarks>
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
                ["condition"] = new { type = "array", items = new { type = "string", @enum = ItemConditions.All } },
                ["confidence"] = new { type = "number" },
            },
            required = new[] { "category", "itemId", "itemName", "condition", "confidence" },
            additionalProperties = false,
        };
        Json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(schema));
    }

    /// <summary>The schema as sent; compact, since real servers count it as prompt tokens.</summary>
    public BinaryData Json { get; }
}
