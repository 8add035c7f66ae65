namespace Growbin.Location.Import;

/// <summary>What an upsert did: rows new to the source, rows changed, rows already as the file says.</summary>
public readonly record struct UpsertCounts(int Inserted, int Updated, int Unchanged)
{
    public static UpsertCounts operator +(UpsertCounts a, UpsertCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}
