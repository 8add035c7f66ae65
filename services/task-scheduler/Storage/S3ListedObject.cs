namespace Growbin.TaskScheduler.Storage;

/// <summary>One object of an s3 <c>list</c> page.</summary>
public sealed record S3ListedObject(string Key, DateTimeOffset LastModified, long Size);
