using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// k8s/secrets/create-secrets.sh, run on a filled-in copy of secrets.example.env with a stand-in kubectl first on
/// PATH (no cluster): it creates every secret the rendered manifests reference, in the namespace that reads it, with
/// the key it is read by; it refuses the committed example signing key; and it keeps an existing dapr-app-token.
/// </summary>
public sealed class KubernetesSecretsTests
{
    // The stand-in answers `get secret` from files and records what `apply` receives; `create --dry-run=client`
    // goes to the real kubectl, so the manifests are kubectl's own.
    private const string FakeKubectl = """
        #!/usr/bin/env bash
        set -euo pipefail
        echo "$*" >> "$FAKE_KUBECTL_STATE/calls"
        case "$1" in
          get)
            if [ -e "$FAKE_KUBECTL_STATE/unreachable" ]; then
              echo "The connection to the server localhost:8080 was refused" >&2; exit 1
            fi
            name="" namespace="" jsonpath="" ignore=""
            shift
            while [ $# -gt 0 ]; do
              case "$1" in
                secret) name=$2; shift ;;
                -n) namespace=$2; shift ;;
                -o) jsonpath=$2; shift ;;
                --ignore-not-found) ignore=1 ;;
              esac
              shift
            done
            [ "$jsonpath" = 'jsonpath={.data.token}' ] || { echo "unexpected output $jsonpath" >&2; exit 2; }
            file="$FAKE_KUBECTL_STATE/secrets/$namespace/$name"
            if [ -e "$file" ]; then base64 -w0 < "$file"
            elif [ -z "$ignore" ]; then echo "Error from server (NotFound): secrets \"$name\" not found" >&2; exit 1
            fi
            ;;
          apply) cat >> "$FAKE_KUBECTL_STATE/applied"; echo --- >> "$FAKE_KUBECTL_STATE/applied" ;;
          *) exec "$REAL_KUBECTL" "$@" ;;
        esac
        """;

    // Its public key's SHA-256 is the one auth and the script refuse.
    private static readonly string ExampleSigningKeys = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryRoot, "components", "secrets.example.json"))).RootElement.GetProperty("auth-signing-keys").GetString()!;

    [Theory]
    [InlineData(Dev)]
    [InlineData(Prod)]
    public void Every_referenced_secret_is_created_by_the_script_in_its_namespace_with_its_key(string overlay)
    {
        var created = CreatedSecrets();
        var references = References(Of(overlay)).ToList();

        references.Should().NotBeEmpty();
        foreach (var (ns, name, key, where) in references)
        {
            created.Should().Contain((ns, name, key), $"{where} reads key {key} of secret {ns}/{name}");
        }
    }

    [Fact]
    public void The_example_env_file_holds_no_values_for_credentials()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot, "k8s", "secrets", "secrets.example.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

        lines.Should().OnlyContain(l => l.EndsWith('=') || l == "RABBITMQ_USER=growbin", "real values belong in secrets.env only");
    }

    /// <summary>(namespace, secret, key, what reads it) for every secret the rendered objects name.</summary>
    private static IEnumerable<(string Namespace, string Name, string Key, string Where)> References(Rendering rendering)
    {
        foreach (var component in rendering.OfKind("Component"))
        {
            foreach (var item in component.List("spec.metadata"))
            {
                if (KubernetesObject.Text(item, "secretKeyRef.name") is { } name)
                {
                    yield return (component.Namespace, name, KubernetesObject.Text(item, "secretKeyRef.key") ?? name, component.ToString());
                }
            }
        }

        foreach (var workload in rendering.Objects.Where(o => o.Kind is "Deployment" or "StatefulSet" or "Job"))
        {
            foreach (var container in workload.List("spec.template.spec.containers"))
            {
                foreach (var env in KubernetesObject.List(container, "env"))
                {
                    if (KubernetesObject.Text(env, "valueFrom.secretKeyRef.name") is { } name)
                    {
                        yield return (workload.Namespace, name, KubernetesObject.Text(env, "valueFrom.secretKeyRef.key")!, workload.ToString());
                    }
                }
            }

            if (workload.Map("spec.template.metadata.annotations").TryGetValue("dapr.io/app-token-secret", out var token))
            {
                yield return (workload.Namespace, (string)token, "token", workload + " (Dapr app token)");
            }
        }

        foreach (var role in rendering.OfKind("Role"))
        {
            foreach (var name in role.List("rules").SelectMany(r => KubernetesObject.List(r, "resourceNames")).Cast<string>())
            {
                yield return (role.Namespace, name, name, role.ToString());
            }
        }

        foreach (var configuration in rendering.OfKind("Configuration"))
        {
            foreach (var scope in configuration.List("spec.secrets.scopes"))
            {
                foreach (var name in KubernetesObject.List(scope, "allowedSecrets").Cast<string>())
                {
                    yield return (configuration.Namespace, name, name, configuration.ToString());
                }
            }
        }
    }

    private static HashSet<(string Namespace, string Name, string Key)> CreatedSecrets()
    {
        using var run = new ScriptRun();
        var result = run.Run(dryRun: true);
        result.ExitCode.Should().Be(0, "create-secrets.sh with DRY_RUN=1 failed:\n{0}", result.Error);

        var secrets = Parse(result.Output).Where(o => o.Kind == "Secret").ToList();
        secrets.Should().NotBeEmpty();
        return secrets
            .SelectMany(s => s.Map("data").Keys.Cast<string>().Select(key => (s.Namespace, s.Name, key)))
            .ToHashSet();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_example_signing_key_is_refused_before_anything_is_applied(bool dryRun)
    {
        using var run = new ScriptRun { SigningKeys = ExampleSigningKeys };

        var result = run.Run(dryRun);

        result.ExitCode.Should().NotBe(0);
        result.Error.Should().Contain("example key");
        result.Output.Should().NotContain("kind: Secret");
        run.Applied.Should().BeEmpty();
    }

    [Fact]
    public void The_example_key_among_other_keys_is_refused_too()
    {
        var keys = JsonSerializer.Deserialize<List<JsonElement>>(ExampleSigningKeys)!;
        using var run = new ScriptRun();
        var own = JsonSerializer.Deserialize<List<JsonElement>>(run.SigningKeys)!;
        run.SigningKeys = JsonSerializer.Serialize(own.Concat(keys));

        var result = run.Run(dryRun: false);

        result.ExitCode.Should().NotBe(0);
        result.Error.Should().Contain("example key");
        run.Applied.Should().BeEmpty();
    }

    [Theory]
    [InlineData("test-value")]
    [InlineData("[]")]
    [InlineData("[{\"kid\":\"k\",\"active\":true}]")]
    [InlineData("[{\"kid\":\"k\",\"privateKeyPem\":\"-----BEGIN PRIVATE KEY-----\\nbm90IGEga2V5\\n-----END PRIVATE KEY-----\\n\",\"active\":true}]")]
    public void Signing_keys_that_are_not_readable_keys_are_refused(string keys)
    {
        using var run = new ScriptRun { SigningKeys = keys };

        var result = run.Run(dryRun: false);

        result.ExitCode.Should().NotBe(0);
        result.Error.Should().Contain("AUTH_SIGNING_KEYS");
        run.Applied.Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_existing_app_token_is_kept_in_each_namespace(bool dryRun)
    {
        using var run = new ScriptRun();
        run.ExistingSecret("api", "dapr-app-token", "kept-api-token");
        run.ExistingSecret("workers", "dapr-app-token", "kept-workers-token");

        var result = run.Run(dryRun);

        result.ExitCode.Should().Be(0, result.Error);
        var tokens = AppTokens(dryRun ? result.Output : run.Applied);
        tokens.Should().BeEquivalentTo(new Dictionary<string, string> { ["api"] = "kept-api-token", ["workers"] = "kept-workers-token" });
        run.Calls.Should().Contain(c => c.StartsWith("get secret dapr-app-token -n api", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_existing_app_token_one_new_token_serves_both_namespaces_and_a_second_run_keeps_it()
    {
        using var run = new ScriptRun();

        var first = run.Run(dryRun: false);
        first.ExitCode.Should().Be(0, first.Error);
        var minted = AppTokens(run.Applied);
        minted.Values.Distinct().Should().ContainSingle().Which.Should().MatchRegex("^[0-9a-f]{64}$");
        foreach (var (ns, token) in minted)
        {
            run.ExistingSecret(ns, "dapr-app-token", token);
        }

        run.ClearApplied();
        var second = run.Run(dryRun: false);

        second.ExitCode.Should().Be(0, second.Error);
        AppTokens(run.Applied).Should().BeEquivalentTo(minted);
    }

    [Fact]
    public void A_given_DAPR_APP_TOKEN_replaces_the_existing_one()
    {
        using var run = new ScriptRun { AppToken = "rotated-on-purpose" };
        run.ExistingSecret("api", "dapr-app-token", "old-token");

        var result = run.Run(dryRun: false);

        result.ExitCode.Should().Be(0, result.Error);
        AppTokens(run.Applied).Values.Should().OnlyContain(t => t == "rotated-on-purpose");
    }

    [Fact]
    public void A_cluster_it_cannot_read_stops_the_run_before_anything_is_applied_but_a_dry_run_still_prints()
    {
        using var run = new ScriptRun();
        run.LoseTheCluster();

        var applied = run.Run(dryRun: false);
        applied.ExitCode.Should().NotBe(0);
        applied.Error.Should().Contain("dapr-app-token");
        run.Applied.Should().BeEmpty();

        var printed = run.Run(dryRun: true);
        printed.ExitCode.Should().Be(0, printed.Error);
        AppTokens(printed.Output).Should().HaveCount(2);
    }

    private static Dictionary<string, string> AppTokens(string yaml) =>
        Parse(yaml).Where(o => o.Kind == "Secret" && o.Name == "dapr-app-token")
            .ToDictionary(o => o.Namespace, o => Encoding.UTF8.GetString(Convert.FromBase64String((string)o.Map("data")["token"])));

    /// <summary>One run of the script: an env file filled in from secrets.example.env, a fresh signing key, the stand-in kubectl.</summary>
    private sealed class ScriptRun : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("growbin-secrets-");

        public ScriptRun()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            SigningKeys = JsonSerializer.Serialize(new[] { new { kid = "test-1", privateKeyPem = key.ExportPkcs8PrivateKeyPem(), active = true } });
            Directory.CreateDirectory(State("secrets"));
            File.WriteAllText(Kubectl, FakeKubectl.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public string SigningKeys { get; set; }

        public string AppToken { get; init; } = "";

        public string Applied => File.Exists(State("applied")) ? File.ReadAllText(State("applied")) : "";

        public IReadOnlyList<string> Calls => File.Exists(State("calls")) ? File.ReadAllLines(State("calls")) : [];

        private string Kubectl => Path.Combine(_folder.FullName, "kubectl");

        public void ExistingSecret(string ns, string name, string value)
        {
            Directory.CreateDirectory(State("secrets", ns));
            File.WriteAllText(State("secrets", ns, name), value);
        }

        /// <summary>From now on every <c>kubectl get</c> fails as with no cluster to talk to.</summary>
        public void LoseTheCluster() => File.WriteAllText(State("unreachable"), "");

        public void ClearApplied() => File.Delete(State("applied"));

        public (int ExitCode, string Output, string Error) Run(bool dryRun)
        {
            var realKubectl = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, "kubectl"))
                .FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("kubectl is not on PATH; run `make setup-test` or install kubectl.");
            var directory = Path.Combine(RepositoryRoot, "k8s", "secrets");
            var envFile = Path.Combine(_folder.FullName, "secrets.env");
            File.WriteAllLines(envFile, File.ReadAllLines(Path.Combine(directory, "secrets.example.env"))
                .Select(l => l switch
                {
                    "AUTH_SIGNING_KEYS=" => $"AUTH_SIGNING_KEYS='{SigningKeys}'",
                    "DAPR_APP_TOKEN=" => $"DAPR_APP_TOKEN={AppToken}",
                    _ when l.EndsWith('=') => l + "test-value",
                    _ => l,
                }));

            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                Environment =
                {
                    ["DRY_RUN"] = dryRun ? "1" : "",
                    ["PATH"] = _folder.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                    ["REAL_KUBECTL"] = realKubectl,
                    ["FAKE_KUBECTL_STATE"] = State(),
                },
            };
            start.ArgumentList.Add(Path.Combine(directory, "create-secrets.sh"));
            start.ArgumentList.Add(envFile);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("create-secrets.sh did not finish in 2 minutes.");
            }

            return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }

        public void Dispose() => _folder.Delete(recursive: true);

        private string State(params string[] parts) => Path.Combine([_folder.FullName, "state", .. parts]);
    }
}
