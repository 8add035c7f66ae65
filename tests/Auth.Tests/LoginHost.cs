using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OAuth;
using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Auth.Tests;

/// <summary>
/// auth for login tests: a migrated PostgreSQL database behind growbin-db, the fake Kakao/Naver/Google server behind
/// the oauth-* bindings (over real HTTP), client credentials in the secret store, two allowed redirect URIs.
/// </summary>
public sealed class LoginHost : IAsyncLifetime
{
    public const string RedirectUri = "https://app.growbin.test/auth/callback";
    public const string OtherRedirectUri = "https://app.growbin.test/auth/other-callback";

    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _environment;
    private readonly int _permitLimit;
    private readonly TimeProvider? _appTime;
    private readonly ConcurrentDictionary<string, string> _stateSecrets = new(StringComparer.Ordinal);

    public LoginHost()
        : this("Testing")
    {
    }

    /// <param name="environment">The host environment (the dev provider exists only in Development).</param>
    /// <param name="permitLimit">Login rate limit per minute; high by default so only the rate-limit tests meet it.</param>
    /// <param name="daprTime">The clock of the Dapr double (state TTLs).</param>
    /// <param name="appTime">The app's own clock, when a test moves time for the app too.</param>
    internal LoginHost(string environment, int permitLimit = 10_000, TimeProvider? daprTime = null, TimeProvider? appTime = null)
    {
        _environment = environment;
        _permitLimit = permitLimit;
        _appTime = appTime;
        Dapr = new InMemoryDaprClient(daprTime ?? TimeProvider.System);
    }

    public InMemoryDaprClient Dapr { get; }

    public GrowbinDatabase Database { get; private set; } = null!;

    public FakeOAuthServer OAuth { get; private set; } = null!;

    public GrowbinAppFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await GrowbinDatabase.CreateAsync("auth_login");
        Database.AttachTo(Dapr);
        OAuth = await FakeOAuthServer.StartAsync();
        OAuth.AttachTo(Dapr);
        foreach (var provider in new[] { FakeOAuthServer.Kakao, FakeOAuthServer.Naver, FakeOAuthServer.Google })
        {
            OAuth.RegisterClient(provider, ClientId(provider), ClientSecret(provider));
            Dapr.SetSecret(DaprComponents.SecretStore, $"oauth-{provider}-client-id", new() { [$"oauth-{provider}-client-id"] = ClientId(provider) });
            Dapr.SetSecret(DaprComponents.SecretStore, $"oauth-{provider}-client-secret", new() { [$"oauth-{provider}-client-secret"] = ClientSecret(provider) });
        }

        var keys = JsonSerializer.Serialize(new[] { new { kid = "key-1", privateKeyPem = _signingKey.ExportPkcs8PrivateKeyPem(), active = true } });
        Dapr.SetSecret(DaprComponents.SecretStore, "auth-signing-keys", new() { ["auth-signing-keys"] = keys });

        Factory = new GrowbinAppFactory<Program>(Dapr) { EnvironmentName = _environment }
            .WithSetting("Auth:OAuth:RedirectUris:0", RedirectUri)
            .WithSetting("Auth:OAuth:RedirectUris:1", OtherRedirectUri)
            .WithSetting("Auth:LoginRateLimit:PermitLimit", _permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_environment == "Production")
        {
            // Production refuses to start without the Dapr app API token (ServiceDefaults AppApiTokenValidation).
            Factory.WithSetting("APP_API_TOKEN", "login-host-app-token");
        }

        if (_appTime is not null)
        {
            Factory.WithServices(services => services.AddSingleton(_appTime));
        }

        Client = Factory.CreateClient();
    }

    /// <summary>Stops everything; then fails the class if its tests left a state key without a TTL (Redis runs noeviction).</summary>
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await OAuth.DisposeAsync();
        await Database.DisposeAsync();
        _signingKey.Dispose();
        StateTtlAudit.Of(Dapr).ThrowIfAnyWithoutTtl();
    }

    public static string ClientId(string provider) => $"growbin-{provider}-client";

    public static string ClientSecret(string provider) => $"s3cret-{provider}-do-not-leak";

    public Task<HttpResponseMessage> AuthorizeAsync(string provider, string? redirectUri = RedirectUri) =>
        Client.GetAsync($"/api/v1/auth/{provider}/authorize" + (redirectUri is null ? "" : "?redirectUri=" + Uri.EscapeDataString(redirectUri)));

    public async Task<AuthorizeBody> AuthorizeOkAsync(string provider, string redirectUri = RedirectUri)
    {
        var response = await AuthorizeAsync(provider, redirectUri);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<AuthorizeBody>())!;
        if (body.StateSecret is not null)
        {
            _stateSecrets[body.State] = body.StateSecret;
        }

        return body;
    }

    /// <summary>The state secret authorize returned with <paramref name="state"/> through <see cref="AuthorizeOkAsync"/>.</summary>
    public string? StateSecretOf(string state) => _stateSecrets.GetValueOrDefault(state);

    /// <summary>authorize, then the user agrees at the fake provider: the code and state the redirect brings back.</summary>
    public async Task<FakeOAuthConsent> ConsentAsync(string provider, FakeOAuthAccount account, string redirectUri = RedirectUri)
    {
        var authorize = await AuthorizeOkAsync(provider, redirectUri);
        return OAuth.Consent(authorize.AuthorizationUrl, account);
    }

    /// <summary>
    /// login as the app sends it: with the state secret authorize returned with <paramref name="state"/>, or, for a
    /// state this host never saw issued, a secret nobody issued.
    /// </summary>
    public Task<HttpResponseMessage> LoginAsync(string provider, string code, string state, string redirectUri = RedirectUri) =>
        LoginWithSecretAsync(provider, code, state, StateSecretOf(state) ?? "not-a-secret-authorize-issued", redirectUri);

    /// <summary>login with exactly <paramref name="stateSecret"/> (null leaves the field out).</summary>
    public Task<HttpResponseMessage> LoginWithSecretAsync(string provider, string code, string state, string? stateSecret,
        string redirectUri = RedirectUri) =>
        stateSecret is null
            ? Client.PostAsJsonAsync("/api/v1/auth/login", new { provider, code, state, redirectUri })
            : Client.PostAsJsonAsync("/api/v1/auth/login", new { provider, code, state, redirectUri, stateSecret });

    public async Task<LoginBody> LoginOkAsync(string provider, FakeOAuthConsent consent)
    {
        var response = await LoginAsync(provider, consent.Code, consent.State, consent.RedirectUri);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LoginBody>())!;
    }

    public async Task<LoginBody> LoginAsAsync(string provider, FakeOAuthAccount account) =>
        await LoginOkAsync(provider, await ConsentAsync(provider, account));

    public Task<long> UserCountAsync() => Database.ScalarAsync<long>("SELECT count(*) FROM growbin.users");

    public Task<long> IdentityCountAsync() => Database.ScalarAsync<long>("SELECT count(*) FROM growbin.user_identities");

    /// <summary>Token family records (one per login): what a login stores once it has succeeded.</summary>
    public int TokenStateCount() =>
        Dapr.StateKeys(DaprComponents.StateStore).Count(k => k.StartsWith("auth|family|", StringComparison.Ordinal));

    public static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("type").GetString().Should().Be("https://api.growbin.app/problems/" + type);
        return problem;
    }

    public sealed record AuthorizeBody(string Provider, string AuthorizationUrl, string State, int ExpiresIn, string? StateSecret = null);

    public sealed record LoginBody(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, string UserId, bool IsNewUser);
}
