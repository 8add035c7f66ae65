using Growbin.ServiceDefaults.Limits;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// The upload and the events stream have their own request-timeout policies; every other waste-api route has the
/// default (ServiceDefaults RequestLimits:RequestTimeout, 30 s).
/// </summary>
public sealed class RequestTimeoutPolicyTests : IAsyncLifetime
{
    private readonly WasteApiHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("AnalyzeWaste", RequestTimeoutPolicies.Upload)]
    [InlineData("ScanEvents", RequestTimeoutPolicies.Streaming)]
    [InlineData("GetScan", null)]
    [InlineData("ListWasteCategories", null)]
    public void Each_route_has_its_timeout_policy(string endpointName, string? policy)
    {
        _host.Factory.CreateClient().Dispose(); // starts the host
        var endpoint = _host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == endpointName);

        endpoint.Metadata.GetMetadata<RequestTimeoutAttribute>()?.PolicyName.Should().Be(policy);
        (endpoint.Metadata.GetMetadata<RequestTimeoutAttribute>() is null).Should().Be(policy is null);
        endpoint.Metadata.GetMetadata<DisableRequestTimeoutAttribute>().Should().BeNull();
    }
}
