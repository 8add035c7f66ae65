namespace Growbin.ScheduleImport.Tests;

/// <summary>The tests that write to PostgreSQL share one database and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ScheduleCollection : ICollectionFixture<ScheduleDatabase>
{
    public const string Name = "schedules";
}
