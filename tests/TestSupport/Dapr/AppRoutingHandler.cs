namespace Growbin.TestSupport.Dapr;

/// <summary>Message handler behind CreateInvokableHttpClient: the URI host is the app id.</summary>
internal sealed class AppRoutingHandler(InMemoryDaprClient dapr) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        dapr.SendToAppAsync(request, cancellationToken);
}
