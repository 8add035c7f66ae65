using System.Reflection;
using Growbin.Contracts;
using Prometheus;

namespace Growbin.TaskScheduler.DeadLetters;

/// <summary>
/// <c>growbin_dead_letters_total{topic}</c>: dead letters stored (a redelivered one is not counted again). The alert
/// DeadLettersReceived fires on any increase. <c>topic</c> is the original topic when it is one of ours, else "other",
/// so a stray message cannot add series.
/// </summary>
public sealed class DeadLetterMetrics(ILogger<DeadLetterMetrics> logger)
{
    public const string OtherTopic = "other";

    private static readonly Counter StoredTotal = Metrics.CreateCounter(
        "growbin_dead_letters_total", "Dead letters stored by task-scheduler, by original topic (other: not a Growbin topic).", "topic");

    private static readonly HashSet<string> KnownTopics = typeof(Topics).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    public static string TopicLabel(string? topic) => topic is not null && KnownTopics.Contains(topic) ? topic : OtherTopic;

    public void Stored(string? topic)
    {
        try
        {
            StoredTotal.WithLabels(TopicLabel(topic)).Inc();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Counting a dead letter failed; it is stored");
        }
    }
}
