extern alias Auth;

using System.Text.Json;
using Auth::Growbin.Auth;
using Auth::Growbin.Auth.Keys;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Microsoft.Extensions.Options;

namespace Growbin.Consistency.Tests;

/// <summary>`make secrets` copies the example file; what it holds must be enough for `make run` to issue tokens.</summary>
public sealed class LocalSecretsTests
{
    [Fact]
    public async Task The_example_secrets_hold_a_signing_key_auth_can_load_for_local_runs()
    {
        using var example = JsonDocument.Parse(Repository.Read("components", "secrets.example.json"));
        var options = new AuthOptions();
        var json = example.RootElement.GetProperty(options.SigningKeysSecret).GetString()!;
        var dapr = new InMemoryDaprClient().SetSecret(DaprComponents.SecretStore, options.SigningKeysSecret,
            new() { [options.SigningKeysSecret] = json });

        var development = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" };
        var keys = await new SigningKeyStore(dapr, Options.Create(options), TimeProvider.System, development).GetAsync();

        keys.Active.KeyId.Should().StartWith("local-dev", "the example key is for local runs only and says so");
        keys.Active.ECDsa.KeySize.Should().Be(256);
    }
}
