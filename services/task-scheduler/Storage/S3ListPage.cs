namespace Growbin.TaskScheduler.Storage;

/// <summary>The part of the s3 binding's <c>list</c> result (aws-sdk-go ListObjectsOutput, PascalCase) the purge reads.</summary>
public sealed record S3ListPage(IReadOnlyList<S3ListedObject>? Contents, bool IsTruncated, string? NextMarker);
