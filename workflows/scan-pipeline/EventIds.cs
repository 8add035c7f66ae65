using System.Security.Cryptography;
using System.Text;

namespace Growbin.ScanPipeline;

/// <summary>Event ids derived from the scan: every attempt to publish the same fact carries the same id.</summary>
internal static class EventIds
{
    public static Guid For(string taskId, string topic) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{topic}:{taskId}")).AsSpan(0, 16));
}
