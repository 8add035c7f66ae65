using System.Diagnostics;
using static Growbin.Operations.Tests.KubernetesManifests;

namespace Growbin.Operations.Tests;

/// <summary>
/// k8s/secrets/create-secrets.sh (run with DRY_RUN=1 on a filled-in copy of secrets.example.env) creates every secret
/// the rendered manifests reference, in the namespace that reads it, with the key it is read by.
/// </summary>
public sealed class KubernetesSecretsTests
{
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
        var directory = Path.Combine(RepositoryRoot, "k8s", "secrets");
        var envFile = Path.Combine(Directory.CreateTempSubdirectory("growbin-secrets-").FullName, "secrets.env");
        File.WriteAllLines(envFile, File.ReadAllLines(Path.Combine(directory, "secrets.example.env"))
            .Select(l => l.EndsWith('=') ? l + "test-value" : l));

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DRY_RUN"] = "1" },
        };
        start.ArgumentList.Add(Path.Combine(directory, "create-secrets.sh"));
        start.ArgumentList.Add(envFile);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(2)).Should().BeTrue("create-secrets.sh must finish");
        process.ExitCode.Should().Be(0, "create-secrets.sh with DRY_RUN=1 failed:\n{0}", error.GetAwaiter().GetResult());

        var secrets = Parse(output.GetAwaiter().GetResult()).Where(o => o.Kind == "Secret").ToList();
        secrets.Should().NotBeEmpty();
        return secrets
            .SelectMany(s => s.Map("data").Keys.Cast<string>().Select(key => (s.Namespace, s.Name, key)))
            .ToHashSet();
    }
}
