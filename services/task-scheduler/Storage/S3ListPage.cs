namespace Growbin.TaskScheduler.Storage;

/// <summary>The part of the s3 binding's <c>list</c> result (aws-sdk-go-v2 ListObjectsOutput as JSON, PascalCase) the purge reads;
/// <see cref="NextMarker"/> is null unless the request had a delimiter.</summary>
public sealed record S3ListPage(IReadOnlyList<S3ListedObject>? Contents, bool IsTruncated, string? NextMarker);
