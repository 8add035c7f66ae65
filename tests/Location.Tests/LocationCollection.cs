namespace Growbin.Location.Tests;

/// <summary>One location host and database for all test classes; tests run one at a time and reset what they use.</summary>
[CollectionDefinition(Name)]
public sealed class LocationCollection : ICollectionFixture<LocationHost>
{
    public const string Name = "location";
}
