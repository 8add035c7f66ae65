namespace Growbin.Knowledge;

/// <summary>A condition that moves an item to another category (e.g. contaminated → general waste).</summary>
public sealed record ItemException(string When, string CategoryId);
