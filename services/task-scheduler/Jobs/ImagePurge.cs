using System.Globalization;
using Growbin.ServiceDefaults.Locks;
using Growbin.TaskScheduler.Data;
using Growbin.TaskScheduler.Storage;
using Microsoft.Extensions.Options;

namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// Hourly: deletes each stored photo (<c>images/{sha256}.jpg</c>) that no scan_history row names any more and that no
/// scan has stored for <see cref="SchedulerOptions.ImageRetention"/>. A photo is shared by everyone who scanned it
/// (the key is its hash), so it goes once the last of them has deleted their account (or their only scans of it
/// failed); a photo someone still has in their history stays.
/// <para>
/// Race-safe against a new scan of the same photo: image-uploader stores the photo again for every scan, under the
/// photo's <see cref="ImageLock"/>, which renews its LastModified. Under the same lock this job reads LastModified again
/// and the history again, and deletes only when both still say "unused": a scan storing the photo either did so before
/// (its LastModified is recent: kept) or does so after the delete (it stores the photo anew). A scan records its history
/// row minutes after it stores the photo; the retention (24 h) is the bound on that.
/// </para>
/// </summary>
public sealed class ImagePurge(
    ImageStore store,
    ImageReferences references,
    ImageLock imageLock,
    IOptions<SchedulerOptions> options,
    ILogger<ImagePurge> logger) : IScheduledJob
{
    public const string ImagesPrefix = "images/";

    /// <summary>Longer than the few calls made under one image's lock; an upload waiting for it gives up after 5 s and retries.</summary>
    public static readonly TimeSpan ImageLockExpiry = TimeSpan.FromSeconds(60);

    public string Name => "image-purge";

    public TimeSpan LockExpiry => TimeSpan.FromMinutes(30);

    public string PeriodOf(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    public async Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.ImageRetention;
        int deleted = 0, kept = 0, busy = 0, failed = 0;
        await foreach (var page in store.ListAsync(ImagesPrefix, options.Value.ListPageSize, cancellationToken))
        {
            // The prefix is the listing's, but nothing outside images/ is this job's to delete, whatever the store answers.
            var old = page.Where(o => o.Key.StartsWith(ImagesPrefix, StringComparison.Ordinal) && o.LastModified < cutoff).ToList();
            var named = await references.ReferencedAsync(old.Select(o => o.Key).ToList(), cancellationToken);
            kept += page.Count - old.Count + named.Count;
            foreach (var obj in old.Where(o => !named.Contains(o.Key)))
            {
                try
                {
                    switch (await DeleteIfUnusedAsync(obj.Key, cutoff, cancellationToken))
                    {
                        case Outcome.Deleted:
                            deleted++;
                            break;
                        case Outcome.Busy:
                            busy++;
                            break;
                        default:
                            kept++;
                            break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    logger.LogWarning(e, "Image purge could not check or delete {Key}", obj.Key);
                }
            }
        }

        var summary = $"deleted {deleted}, kept {kept}, busy {busy}, failed {failed} (unused and stored before {cutoff:O})";
        if (failed > 0)
        {
            // The hour stays open: the next tick lists again and retries what is left.
            throw new InvalidOperationException($"Image purge left images behind: {summary}");
        }

        return summary;
    }

    private async Task<Outcome> DeleteIfUnusedAsync(string key, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var lease = await imageLock.TryAcquireAsync(key, ImageLockExpiry, cancellationToken);
        if (lease is null)
        {
            return Outcome.Busy; // a scan is storing it right now: it is in use
        }

        var current = await store.FindAsync(key, cancellationToken);
        if (current is null || current.LastModified >= cutoff
            || (await references.ReferencedAsync([key], cancellationToken)).Count > 0)
        {
            return Outcome.Kept;
        }

        await store.DeleteAsync(key, cancellationToken);
        logger.LogInformation("Deleted unused image {Key} (stored {LastModified:O})", key, current.LastModified);
        return Outcome.Deleted;
    }

    private enum Outcome
    {
        Deleted,
        Kept,
        Busy,
    }
}
