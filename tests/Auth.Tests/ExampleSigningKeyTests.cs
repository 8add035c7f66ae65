using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Auth.Keys;
using Growbin.Auth.Tokens;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Auth.Tests;

/// <summary>
/// Issue 17, item 5: the P-256 key committed in components/secrets.example.json signs nothing outside Development —
/// auth does not start with it, and a rotation that brings it in later is refused at the next load.
/// </summary>
public sealed class ExampleSigningKeyTests
{
    private static readonly string ExampleKeys = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(Repository.Root, "components", "secrets.example.json"))).RootElement.GetProperty("auth-signing-keys").GetString()!;

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_auth_does_not_start_with_the_example_key(string environment)
    {
        await using var factory = Factory(environment, ExampleKeys);

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => Chain(e).Any(x => x is ExampleSigningKeyException),
            "the start must fail because of the key, not for another reason");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_auth_starts_with_a_key_of_its_own(string environment)
    {
        using var own = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var factory = Factory(environment, KeysJson(("own-1", own)));

        var client = factory.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task In_development_the_example_key_loads_and_signs()
    {
        await using var factory = Factory("Development", ExampleKeys);
        var client = factory.CreateClient();

        var jwks = JsonDocument.Parse(await client.GetStringAsync("/api/v1/auth/.well-known/jwks.json")).RootElement;

        jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Should().Equal("local-dev-1");
    }

    [Fact]
    public async Task A_rotation_that_brings_in_the_example_key_is_refused_at_the_next_load_and_nothing_is_signed_or_stored()
    {
        using var own = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var factory = Factory("Testing", KeysJson(("own-1", own))).WithSetting("Auth:SigningKeysRefresh", "00:00:00");
        var client = factory.CreateClient();
        (await client.GetAsync("/api/v1/auth/.well-known/jwks.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        var example = JsonDocument.Parse(ExampleKeys).RootElement[0];
        var rotated = JsonSerializer.Serialize(new[]
        {
            new { kid = "own-1", privateKeyPem = own.ExportPkcs8PrivateKeyPem(), active = false },
            new { kid = example.GetProperty("kid").GetString()!, privateKeyPem = example.GetProperty("privateKeyPem").GetString()!, active = true },
        });
        factory.Dapr.SetSecret(DaprComponents.SecretStore, "auth-signing-keys", new() { ["auth-signing-keys"] = rotated });
        var tokens = factory.Services.GetRequiredService<TokenService>();

        var jwks = await client.GetAsync("/api/v1/auth/.well-known/jwks.json");
        var issue = () => tokens.IssueAsync("user-after-rotation");

        jwks.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await jwks.Content.ReadAsStringAsync()).Should().NotContain("BEGIN PRIVATE KEY");
        await issue.Should().ThrowAsync<ExampleSigningKeyException>();
        factory.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public void The_fingerprint_in_code_is_the_example_keys_and_the_secrets_script_refuses_the_same()
    {
        var pem = JsonDocument.Parse(ExampleKeys).RootElement[0].GetProperty("privateKeyPem").GetString()!;
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);

        ExampleSigningKey.FingerprintOf(key).Should().Be(ExampleSigningKey.PublicKeySha256);
        ExampleSigningKey.Is(key).Should().BeTrue();
        File.ReadAllText(Path.Combine(Repository.Root, "k8s", "secrets", "create-secrets.sh"))
            .Should().Contain("example_signing_key_sha256=" + ExampleSigningKey.PublicKeySha256);
        typeof(ExampleSigningKey).Assembly.GetManifestResourceNames().Should().BeEmpty("the private key stays out of the app");
    }

    private static GrowbinAppFactory<Program> Factory(string environment, string keys)
    {
        var dapr = new InMemoryDaprClient().SetSecret(DaprComponents.SecretStore, "auth-signing-keys", new() { ["auth-signing-keys"] = keys });
        var factory = new GrowbinAppFactory<Program>(dapr) { EnvironmentName = environment };
        // Production refuses to start without the Dapr app API token (ServiceDefaults AppApiTokenValidation).
        return factory.WithSetting("APP_API_TOKEN", "example-key-test-token");
    }

    private static string KeysJson(params (string Kid, ECDsa Key)[] keys) =>
        JsonSerializer.Serialize(keys.Select((k, i) => new { kid = k.Kid, privateKeyPem = k.Key.ExportPkcs8PrivateKeyPem(), active = i == 0 }));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
