using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.TaskScheduler.Storage;

/// <summary>The <c>images</c> S3 binding's list and delete operations (DAPR-NOTES §1: list payload, marker paging).</summary>
public sealed class ImageStore(DaprClient dapr)
{
    private static readonly JsonSerializerOptions ListJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Every object under <paramref name="prefix"/>, page by page.</summary>
    public async IAsyncEnumerable<IReadOnlyList<S3ListedObject>> ListAsync(string prefix, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var marker = string.Empty;
        while (true)
        {
            var request = new BindingRequest(DaprComponents.Images, "list")
            {
                Data = JsonSerializer.SerializeToUtf8Bytes(new { maxResults = pageSize, prefix, marker }),
            };
            var response = await dapr.InvokeBindingAsync(request, cancellationToken);
            var page = JsonSerializer.Deserialize<S3ListPage>(response.Data.Span, ListJson)
                ?? throw new InvalidOperationException("The s3 list operation returned no result.");
            var contents = page.Contents ?? [];
            yield return contents;

            if (!page.IsTruncated)
            {
                yield break;
            }

            // S3 (ListObjects v1) sends NextMarker only when the request has a delimiter, and this one has none: a
            // truncated page goes on after its last key (contrib bindings/aws/s3/s3.go passes S3's answer through).
            var next = !string.IsNullOrEmpty(page.NextMarker) ? page.NextMarker : contents.Count > 0 ? contents[^1].Key : null;
            if (next is null || string.CompareOrdinal(next, marker) <= 0)
            {
                throw new InvalidOperationException($"The s3 list is truncated but did not advance past marker '{marker}'.");
            }

            marker = next;
        }
    }

    /// <summary>The object named exactly <paramref name="key"/>, as a list of that prefix shows it; null when there is none.</summary>
    public async Task<S3ListedObject?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await foreach (var page in ListAsync(key, 1, cancellationToken))
        {
            // A longer key with this one as its prefix sorts after it, so the first object is the key itself if it exists.
            return page.FirstOrDefault() is { } first && first.Key == key ? first : null;
        }

        return null;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.Images, "delete") { Metadata = { ["key"] = key } }, cancellationToken);
}
