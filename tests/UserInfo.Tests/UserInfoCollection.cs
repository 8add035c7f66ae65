namespace Growbin.UserInfo.Tests;

/// <summary>One userinfo host and database for all test classes; every test works on users of its own.</summary>
[CollectionDefinition(Name)]
public sealed class UserInfoCollection : ICollectionFixture<UserInfoHost>
{
    public const string Name = "userinfo";
}
