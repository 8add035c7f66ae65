using System.Reflection;
using System.Text.RegularExpressions;
using Growbin.Contracts;
using Growbin.Contracts.Events;

namespace Growbin.Consistency.Tests;

public sealed partial class EventContractTests
{
    private static readonly List<Type> EventTypes = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(IntegrationEvent)))
        .ToList();

    private static readonly List<string> TopicNames = typeof(Topics).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.Name != nameof(Topics.DeadLetter))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void Every_event_has_a_topic_named_after_it_and_every_topic_carries_an_event()
    {
        EventTypes.Select(t => Kebab(t.Name)).Should().BeEquivalentTo(TopicNames);
    }

    [Fact]
    public void Events_are_sealed_records()
    {
        foreach (var type in EventTypes)
        {
            type.IsSealed.Should().BeTrue(type.Name);
            type.GetMethod("<Clone>$").Should().NotBeNull($"{type.Name} is a record");
        }
    }

    private static string Kebab(string name) => KebabBoundary().Replace(name, "-$1").ToLowerInvariant();

    [GeneratedRegex(@"(?<!^)([A-Z])")]
    private static partial Regex KebabBoundary();
}
