using System.Globalization;
using Growbin.TaskScheduler.Storage;
using Microsoft.Extensions.Options;

namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// Hourly: deletes <c>raw/</c> uploads older than the retention (24 h). image-uploader deletes a raw object once it
/// has stored the normalized image, so what is left here belongs to scans that failed or never ran. <c>images/</c> is
/// <see cref="ImagePurge"/>'s.
/// </summary>
public sealed class RawUploadPurge(
    ImageStore store,
    IOptions<SchedulerOptions> options,
    ILogger<RawUploadPurge> logger) : IScheduledJob
{
    public const string RawPrefix = "raw/";

    public string Name => "raw-upload-purge";

    public TimeSpan LockExpiry => TimeSpan.FromMinutes(10);

    public string PeriodOf(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    public async Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.RawRetention;
        int deleted = 0, kept = 0, failed = 0;
        await foreach (var page in store.ListAsync(RawPrefix, options.Value.ListPageSize, cancellationToken))
        {
            foreach (var obj in page)
            {
                // The prefix is the listing's, but a key outside raw/ must never be deleted, whatever the store answers.
                if (!obj.Key.StartsWith(RawPrefix, StringComparison.Ordinal) || obj.LastModified >= cutoff)
                {
                    kept++;
                    continue;
                }

                try
                {
                    await store.DeleteAsync(obj.Key, cancellationToken);
                    deleted++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    logger.LogWarning(e, "Purge could not delete {Key}", obj.Key);
                }
            }
        }

        var summary = $"deleted {deleted}, kept {kept}, failed {failed} (older than {cutoff:O})";
        if (failed > 0)
        {
            // The hour stays open: the next tick lists again and retries what is left.
            throw new InvalidOperationException($"Purge left objects behind: {summary}");
        }

        return summary;
    }
}
