using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Growbin.Consistency.Tests;

/// <summary>
/// `make run` starts the apps only when Dapr's placement and scheduler answer (from Dapr 1.15 every reminder, and so
/// every workflow timer and retry, runs on the scheduler: dapr/dapr pkg/config/configuration.go), on the ports the
/// sidecars of dapr.yaml keep free (<see cref="DaprControlPlane"/>), and says how to start them when they do not.
/// </summary>
public sealed partial class ControlPlaneCheckTests
{
    private const string CheckTarget = "check-control-plane";

    private static readonly string Makefile = Repository.Read("Makefile");

    [Fact]
    public void Make_run_checks_the_control_plane_before_anything_else()
    {
        Prerequisites("run").Should().StartWith([CheckTarget], "the check must fail before a build or the infrastructure starts");
        Rule(CheckTarget).Should().NotBeNull("Makefile must define the {0} target", CheckTarget);
    }

    [Fact]
    public void The_check_dials_placement_and_scheduler_on_the_ports_the_sidecars_keep_free()
    {
        Variable("DAPR_PLACEMENT_PORT").Should().Be(DaprControlPlane.PlacementPort);
        Variable("DAPR_SCHEDULER_PORT").Should().Be(DaprControlPlane.SchedulerPort);

        var recipe = Recipe(CheckTarget);
        recipe.Should().Contain("placement:$(DAPR_PLACEMENT_PORT)").And.Contain("scheduler:$(DAPR_SCHEDULER_PORT)");
        recipe.Should().Contain("/dev/tcp/localhost/", "sidecars dial localhost by default (dapr/cli cmd/run.go)");
    }

    [Fact]
    public void The_check_passes_when_both_answer()
    {
        using var placement = Listen();
        using var scheduler = Listen();

        var (exitCode, _, errors) = RunCheck(PortOf(placement), PortOf(scheduler));

        exitCode.Should().Be(0, errors);
    }

    [Fact]
    public void The_check_fails_naming_the_silent_service_and_how_to_start_it()
    {
        using var placement = Listen();
        var closed = FreePort();

        var (exitCode, _, errors) = RunCheck(PortOf(placement), closed);

        exitCode.Should().NotBe(0);
        errors.Should().Contain($"scheduler (:{closed})").And.NotContain($"placement (:{PortOf(placement)})");
        errors.Should().Contain("docker start dapr_placement dapr_scheduler", "the way back after `dapr init`")
            .And.Contain($"~/.dapr/bin/placement --port {PortOf(placement)}", "the way after `dapr init --slim`")
            .And.Contain($"~/.dapr/bin/scheduler --port {closed}")
            .And.Contain("--etcd-data-dir");
    }

    [Fact]
    public void The_readme_starts_both_services_for_slim_on_the_same_ports()
    {
        var readme = Repository.Read("README.md");

        readme.Should().Contain($"~/.dapr/bin/placement --port {DaprControlPlane.PlacementPort}")
            .And.Contain($"~/.dapr/bin/scheduler --port {DaprControlPlane.SchedulerPort}")
            .And.Contain($"make {CheckTarget}");
    }

    private static (int ExitCode, string Output, string Errors) RunCheck(int placementPort, int schedulerPort)
    {
        var start = new ProcessStartInfo("make")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--no-print-directory", CheckTarget,
                     $"DAPR_PLACEMENT_PORT={placementPort}", $"DAPR_SCHEDULER_PORT={schedulerPort}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("make could not be started (is GNU make installed?)");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(1)).Should().BeTrue("make {0} must finish", CheckTarget);
        return (process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A loopback port nothing listens on: taken from the system, then given back.</summary>
    private static int FreePort()
    {
        using var listener = Listen();
        var port = PortOf(listener);
        listener.Stop();
        return port;
    }

    private static Match? Rule(string target) =>
        RuleLine().Matches(Makefile).FirstOrDefault(m => m.Groups["target"].Value == target);

    private static IReadOnlyList<string> Prerequisites(string target) =>
        (Rule(target) ?? throw new InvalidOperationException($"Makefile has no rule for {target}."))
        .Groups["prerequisites"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The recipe lines (tab-indented) that follow the target's rule line.</summary>
    private static string Recipe(string target)
    {
        var lines = Makefile.Split('\n');
        var at = Array.FindIndex(lines, l => l.StartsWith(target + ":", StringComparison.Ordinal));
        at.Should().BeGreaterThanOrEqualTo(0, "Makefile must define {0}", target);
        return string.Join('\n', lines.Skip(at + 1).TakeWhile(l => l.StartsWith('\t')));
    }

    private static string? Variable(string name) =>
        Regex.Match(Makefile, $@"^{Regex.Escape(name)}\s*:?=\s*(?<value>\S+)\s*$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups["value"].Value
            : null;

    /// <summary>A rule line: target, then its prerequisites up to the `##` help text.</summary>
    [GeneratedRegex(@"^(?<target>[a-z0-9-]+):(?<prerequisites>[^#=\n]*)", RegexOptions.Multiline)]
    private static partial Regex RuleLine();
}
