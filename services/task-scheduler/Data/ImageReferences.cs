using System.Text.Json;
using Growbin.ServiceDefaults.Data;

namespace Growbin.TaskScheduler.Data;

/// <summary>Which stored images a scan_history row still names (the rows are userinfo's; this only reads them).</summary>
public sealed class ImageReferences(PostgresBinding db)
{
    /// <summary>The keys of <paramref name="imageKeys"/> some history row names.</summary>
    /// <exception cref="PostgresBindingException">The database did not answer, or the answer was cut short.</exception>
    public async Task<IReadOnlySet<string>> ReferencedAsync(IReadOnlyCollection<string> imageKeys, CancellationToken cancellationToken)
    {
        if (imageKeys.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var rows = await db.QueryAsync(SchedulerQueries.ReferencedImages, [JsonSerializer.Serialize(imageKeys)], cancellationToken);
        return rows.Select(r => r[0].GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
