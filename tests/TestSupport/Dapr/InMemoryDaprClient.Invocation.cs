using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

#pragma warning disable CS0618, CS0672 // DaprClient marks HTTP service invocation [Obsolete] in 1.19; the double must still play it.

public sealed partial class InMemoryDaprClient
{
    /// <summary>Where the real client would reach its sidecar; requests built here carry this base.</summary>
    public static readonly Uri SidecarHttpEndpoint = new("http://localhost:3500");

    private const string InvokePrefix = "/v1.0/invoke/";
    private const string MethodSegment = "/method/";

    private readonly object _appsGate = new();
    private readonly Dictionary<string, HttpClient> _apps = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Service invocation to <paramref name="appId"/> goes to this client (e.g. WebApplicationFactory.CreateClient()).
    /// App ids compare case-insensitively: they travel in URI hosts, which are case-insensitive.
    /// </summary>
    public InMemoryDaprClient RegisterApp(string appId, HttpClient client)
    {
        RequireNotEmpty(appId, nameof(appId));
        ArgumentNullException.ThrowIfNull(client);
        lock (_appsGate)
        {
            _apps[appId] = client;
            _appTokens.Remove(appId);
        }

        return this;
    }

    public override HttpRequestMessage CreateInvokeMethodRequest(HttpMethod httpMethod, string appId, string methodName) =>
        CreateInvokeMethodRequest(httpMethod, appId, methodName, []);

    public override HttpRequestMessage CreateInvokeMethodRequest(HttpMethod httpMethod, string appId, string methodName,
        IReadOnlyCollection<KeyValuePair<string, string>> queryStringParameters)
    {
        ArgumentNullException.ThrowIfNull(httpMethod);
        RequireNotEmpty(appId, nameof(appId));
        ArgumentNullException.ThrowIfNull(methodName);

        var builder = new UriBuilder(new Uri(SidecarHttpEndpoint, $"{InvokePrefix}{appId}{MethodSegment}{methodName.TrimStart('/')}"));
        if (queryStringParameters.Count > 0)
        {
            builder.Query = string.Join("&", queryStringParameters.Select(p =>
                $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        }

        var request = new HttpRequestMessage(httpMethod, builder.Uri);
        request.Options.Set(new HttpRequestOptionsKey<string>("appId"), appId);
        request.Options.Set(new HttpRequestOptionsKey<string>("methodName"), methodName);
        return request;
    }

    public override HttpRequestMessage CreateInvokeMethodRequest<TRequest>(HttpMethod httpMethod, string appId, string methodName,
        IReadOnlyCollection<KeyValuePair<string, string>> queryStringParameters, TRequest data)
    {
        var request = CreateInvokeMethodRequest(httpMethod, appId, methodName, queryStringParameters);
        request.Content = JsonContent.Create(data, options: _json);
        return request;
    }

    public override async Task<HttpResponseMessage> InvokeMethodWithResponseAsync(HttpRequestMessage request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        if (request.RequestUri is null || !SidecarHttpEndpoint.IsBaseOf(request.RequestUri))
        {
            throw new InvalidOperationException("The provided request URI is not a Dapr service invocation URI.");
        }

        var (appId, pathAndQuery) = ParseInvokeUri(request.RequestUri);
        var app = FindApp(appId);
        if (app is null)
        {
            return NoSuchApp(appId, request);
        }

        using var forwarded = Forward(request, pathAndQuery);
        AddAppToken(appId, forwarded);
        try
        {
            return await app.SendAsync(forwarded, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new InvocationException(appId, MethodName(request), ex, null!);
        }
    }

    public override async Task InvokeMethodAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var response = await InvokeMethodWithResponseAsync(request, cancellationToken);
        EnsureSuccess(request, response);
    }

    public override async Task<TResponse> InvokeMethodAsync<TResponse>(HttpRequestMessage request,
        CancellationToken cancellationToken = default)
    {
        var response = await InvokeMethodWithResponseAsync(request, cancellationToken);
        EnsureSuccess(request, response);
        try
        {
            return (await response.Content.ReadFromJsonAsync<TResponse>(_json, cancellationToken))!;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException)
        {
            throw new InvocationException(AppId(request), MethodName(request), ex, response);
        }
    }

    /// <summary>
    /// Like the real one: an HttpClient whose host names the app id (BaseAddress http://{appId}/ when given),
    /// here routed straight to the registered app.
    /// </summary>
    public override HttpClient CreateInvokableHttpClient(string? appId = null)
    {
        var client = new HttpClient(new AppRoutingHandler(this));
        if (appId is not null)
        {
            client.BaseAddress = new Uri($"http://{appId}/");
        }

        return client;
    }

    public override Task InvokeMethodGrpcAsync(string appId, string methodName, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task InvokeMethodGrpcAsync<TRequest>(string appId, string methodName, TRequest data,
        CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<TResponse> InvokeMethodGrpcAsync<TResponse>(string appId, string methodName,
        CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<TResponse> InvokeMethodGrpcAsync<TRequest, TResponse>(string appId, string methodName, TRequest data,
        CancellationToken cancellationToken = default) =>
        throw Unsupported();

    /// <summary>Sends a request whose URI host is the target app id (used by CreateInvokableHttpClient).</summary>
    internal async Task<HttpResponseMessage> SendToAppAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var app = FindApp(uri.Host);
        if (app is null)
        {
            return NoSuchApp(uri.Host, request);
        }

        using var forwarded = Forward(request, uri.PathAndQuery);
        AddAppToken(uri.Host, forwarded);
        return await app.SendAsync(forwarded, cancellationToken);
    }

    private HttpClient? FindApp(string appId)
    {
        lock (_appsGate)
        {
            return _apps.GetValueOrDefault(appId);
        }
    }

    private static (string AppId, string PathAndQuery) ParseInvokeUri(Uri uri)
    {
        var path = uri.AbsolutePath;
        var methodAt = path.IndexOf(MethodSegment, InvokePrefix.Length, StringComparison.Ordinal);
        if (!path.StartsWith(InvokePrefix, StringComparison.Ordinal) || methodAt < 0)
        {
            throw new InvalidOperationException($"'{uri}' is not of the form {InvokePrefix}{{appId}}{MethodSegment}{{method}}.");
        }

        var appId = Uri.UnescapeDataString(path[InvokePrefix.Length..methodAt]);
        var method = path[(methodAt + MethodSegment.Length)..];
        return (appId, "/" + method + uri.Query);
    }

    private static HttpRequestMessage Forward(HttpRequestMessage request, string pathAndQuery)
    {
        // Relative URI: the app client's BaseAddress (a TestServer's) supplies scheme and host.
        var forwarded = new HttpRequestMessage(request.Method, new Uri(pathAndQuery, UriKind.Relative))
        {
            Content = request.Content,
            Version = request.Version,
        };
        foreach (var header in request.Headers)
        {
            if (!string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return forwarded;
    }

    // What daprd answers when it cannot reach the target: HTTP 500 with ERR_DIRECT_INVOKE.
    private static HttpResponseMessage NoSuchApp(string appId, HttpRequestMessage request)
    {
        var body = $$"""{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: {{appId}}, err: couldn't find service: {{appId}}"}""";
        return new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
    }

    private static void EnsureSuccess(HttpRequestMessage request, HttpResponseMessage response)
    {
        try
        {
            response.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            throw new InvocationException(AppId(request), MethodName(request), ex, response);
        }
    }

    private static string AppId(HttpRequestMessage request) =>
        request.Options.TryGetValue(new HttpRequestOptionsKey<string>("appId"), out var appId) ? appId : null!;

    private static string MethodName(HttpRequestMessage request) =>
        request.Options.TryGetValue(new HttpRequestOptionsKey<string>("methodName"), out var method) ? method : null!;
}
