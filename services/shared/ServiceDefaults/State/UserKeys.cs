namespace Growbin.ServiceDefaults.State;

/// <summary>What <see cref="UserKeyIndex"/> stores per user, oldest first.</summary>
public sealed record UserKeys(IReadOnlyList<UserKeyEntry> Entries);
