using System.Net;
using System.Text.Json;
using Growbin.TestSupport.Hosting;

namespace Growbin.RecycleInfo.Tests;

/// <summary>recycle-info hosted once for the whole test class; it is read-only, so tests cannot disturb each other.</summary>
public sealed class RecycleInfoHost : IAsyncLifetime
{
    public GrowbinAppFactory<Program> Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
