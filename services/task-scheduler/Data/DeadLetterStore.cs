using System.Globalization;
using System.Text.Json;
using Growbin.ServiceDefaults.Data;
using Growbin.TaskScheduler.DeadLetters;

namespace Growbin.TaskScheduler.Data;

/// <summary>growbin.dead_letters: one row per dead-lettered event id.</summary>
public sealed class DeadLetterStore(PostgresBinding db)
{
    /// <summary>Stores the dead letter; false when its event id is already stored (a redelivery).</summary>
    /// <exception cref="PostgresBindingException">The database did not take it.</exception>
    public async Task<bool> AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        var affected = await db.ExecAsync(
            SchedulerQueries.AddDeadLetter,
            [
                letter.EventId,
                letter.Topic,
                letter.PubSub,
                letter.Type,
                letter.Source,
                letter.RawEvent,
                letter.ReceivedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ],
            cancellationToken);
        return affected switch
        {
            1 => true,
            0 => false,
            _ => throw new InvalidOperationException($"Storing dead letter {letter.EventId} affected {affected} rows; expected 0 or 1."),
        };
    }

    /// <summary>The newest <paramref name="limit"/> dead letters, newest first.</summary>
    /// <exception cref="PostgresBindingException">The database did not answer.</exception>
    public async Task<IReadOnlyList<DeadLetter>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(SchedulerQueries.RecentDeadLetters, [limit], cancellationToken);
        return rows.Select(ToDeadLetter).ToList();
    }

    private static DeadLetter ToDeadLetter(JsonElement[] row) => new(
        row[0].GetString()!,
        Text(row[1]),
        Text(row[2]),
        Text(row[3]),
        Text(row[4]),
        row[5].GetString()!,
        // timestamptz comes back as RFC 3339 in the sidecar's time zone.
        row[6].GetDateTimeOffset().ToUniversalTime());

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();
}
