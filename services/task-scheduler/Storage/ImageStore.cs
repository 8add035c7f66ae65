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

            if (!page.IsTruncated || contents.Count == 0 && string.IsNullOrEmpty(page.NextMarker))
            {
                yield break;
            }

            // S3 sends NextMarker only with a delimiter; otherwise the last key of the page is the next marker.
            var next = !string.IsNullOrEmpty(page.NextMarker) ? page.NextMarker : contents[^1].Key;
            if (string.CompareOrdinal(next, marker) <= 0)
            {
                throw new InvalidOperationException($"The s3 list did not advance past marker '{marker}'.");
            }

            marker = next;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.Images, "delete") { Metadata = { ["key"] = key } }, cancellationToken);
}
