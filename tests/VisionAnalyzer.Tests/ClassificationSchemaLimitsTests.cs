using System.Text.Json;
using Growbin.Knowledge;
using Growbin.VisionAnalyzer.Ai;

namespace Growbin.VisionAnalyzer.Tests;

/// <summary>
/// The scan's structured-output schema stays within the limits OpenAI documents for strict schemas (Structured Outputs
/// guide, "Supported schemas"): at most 1,000 enum values in all, and a string enum of more than 250 values at most
/// 15,000 characters together. The item enum grows with the dataset; past a limit every scan would be a 400.
/// </summary>
public sealed class ClassificationSchemaLimitsTests
{
    private const int MaxEnumValues = 1000;
    private const int LargeEnum = 250;
    private const int MaxLargeEnumCharacters = 15_000;

    [Fact]
    public void The_shipped_schema_fits_OpenAIs_enum_limits()
    {
        using var schema = JsonDocument.Parse(new ClassificationSchema(KnowledgeBase.Default).Json.ToString());
        var enums = Enums(schema.RootElement).ToList();

        enums.Sum(e => e.Count).Should().BeLessThanOrEqualTo(MaxEnumValues);
        enums.Where(e => e.Count > LargeEnum).Should().OnlyContain(e => e.Characters <= MaxLargeEnumCharacters);
        enums.Max(e => e.Count).Should().BeGreaterThan(KnowledgeBase.Default.Items.Count - 1, "every item id is offered");
    }

    private static IEnumerable<(int Count, int Characters)> Enums(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "enum")
                {
                    var values = property.Value.EnumerateArray().ToList();
                    yield return (values.Count, values.Where(v => v.ValueKind == JsonValueKind.String).Sum(v => v.GetString()!.Length));
                }
                else
                {
                    foreach (var nested in Enums(property.Value))
                    {
                        yield return nested;
                    }
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(Enums))
            {
                yield return nested;
            }
        }
    }
}
