namespace Growbin.RecycleInfo.Tests;

/// <summary>The schedule tests share one host and database, and set its clock one test at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ScheduleCollection : ICollectionFixture<ScheduleHost>
{
    public const string Name = "schedule";
}
