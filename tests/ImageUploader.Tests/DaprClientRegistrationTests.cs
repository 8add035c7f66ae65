using System.Reflection;
using Dapr.Client;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ImageUploader.Tests;

/// <summary>
/// The in-memory Dapr double has no gRPC limit, so only the real client can show that a raw upload near
/// Upload:MaxBytes fits in the binding's answer. The limit is internal to Grpc.Net.Client: read by reflection, so an SDK
/// upgrade that moves it fails here loudly rather than in production quietly.
/// </summary>
public sealed class DaprClientRegistrationTests
{
    [Theory]
    [InlineData(null, 10 * 1024 * 1024)]
    [InlineData("20000000", 20_000_000)]
    public void The_dapr_client_accepts_a_raw_upload_as_large_as_the_byte_limit(string? configured, int maxBytes)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(configured is null ? [] : new Dictionary<string, string?> { ["Upload:MaxBytes"] = configured })
            .Build());
        services.AddDaprClient(); // what ServiceDefaults registers first
        services.AddImageUploader();

        using var provider = services.BuildServiceProvider();

        services.Should().ContainSingle(d => d.ServiceType == typeof(DaprClient));
        ReceiveLimit(provider.GetRequiredService<DaprClient>()).Should().Be(maxBytes + Extensions.GrpcEnvelopeBytes);
    }

    [Fact]
    public void Without_the_worker_registration_the_sdk_default_would_refuse_a_5_mb_photo()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddDaprClient();

        using var provider = services.BuildServiceProvider();

        ReceiveLimit(provider.GetRequiredService<DaprClient>()).Should().BeLessThan(5 * 1024 * 1024);
    }

    private static int? ReceiveLimit(DaprClient client)
    {
        var channel = client.GetType().GetFields(BindingFlags.NonPublic | BindingFlags.Instance)
            .Single(f => f.FieldType == typeof(GrpcChannel))
            .GetValue(client);
        return (int?)typeof(GrpcChannel).GetProperty("ReceiveMaxMessageSize", BindingFlags.NonPublic | BindingFlags.Instance)!
            .GetValue(channel);
    }
}
