namespace Growbin.ServiceDefaults.State;

/// <summary>A key written for the user and when it was listed.</summary>
public sealed record UserKeyEntry(string Key, DateTimeOffset AddedAt);
