using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.Consistency.Tests;

/// <summary>
/// Apps reach Redis, RabbitMQ, S3 and PostgreSQL only through Dapr components: no app depends on their client
/// libraries, directly or transitively. The database migrator (a one-shot job) and tests are the exceptions.
/// </summary>
public sealed class InfrastructureClientTests
{
    private static readonly string[] ForbiddenPackagePrefixes =
    [
        "Npgsql", "StackExchange.Redis", "Microsoft.Extensions.Caching.StackExchangeRedis", "RabbitMQ.Client",
        "AWSSDK.S3", "Minio", "Dapper", "Microsoft.EntityFrameworkCore",
    ];

    public static TheoryData<string> Apps => new(AppIds.All);

    [Theory]
    [MemberData(nameof(Apps))]
    public void App_has_no_infrastructure_client_in_its_package_graph(string appId)
    {
        var assets = Repository.PathOf(Repository.AppDirectory(appId), "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));

        var packages = document.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == "package")
            .Select(l => l.Name.Split('/')[0])
            .ToList();

        packages.Should().NotContain(
            p => ForbiddenPackagePrefixes.Any(f => p.StartsWith(f, StringComparison.OrdinalIgnoreCase)),
            $"{appId} must use Dapr components, not infrastructure clients");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void App_assembly_references_no_infrastructure_client(string appId)
    {
        var assembly = AppHosts.AssemblyOf(appId);

        assembly.GetReferencedAssemblies().Select(a => a.Name!).Should().NotContain(
            n => ForbiddenPackagePrefixes.Any(f => n.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }
}
