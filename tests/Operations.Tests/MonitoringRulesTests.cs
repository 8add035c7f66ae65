namespace Growbin.Operations.Tests;

/// <summary>
/// The alert rules of k8s/monitoring/rules/growbin-alerts.yaml: valid for promtool, each alert proven to fire and to
/// stay quiet by k8s/monitoring/rules/tests, and every expression built on metrics the code really exports.
/// </summary>
public sealed class MonitoringRulesTests : IDisposable
{
    private const string PromtoolHint =
        "Run `make setup-test` (installs Debian's prometheus package, which ships /usr/bin/promtool) or put promtool 2.x on PATH.";

    /// <summary>The alerts ARCHITECTURE §8 and the operations issue ask for, plus the ones added for metrics we export.</summary>
    private static readonly string[] ExpectedAlerts =
    [
        "TargetDown", "AiCallsPerScanHigh", "AiBudget80", "AiBudgetExhausted", "ScanFailureRatioHigh", "PipelinesStuck",
        "UserDeletedEventUnpublished", "SchedulerJobFailing", "DeadLettersReceived",
        "RedisMemoryHigh", "RedisMemoryFull", "RedisRejectingWrites",
    ];

    private readonly string _workspace = MonitoringFiles.PrepareRulesWorkspace();

    [Fact]
    public void Promtool_accepts_the_rules()
    {
        var result = MonitoringFiles.Run("promtool", PromtoolHint, _workspace, "check", "rules", MonitoringFiles.RulesFileName);

        result.ExitCode.Should().Be(0, "promtool check rules must pass:\n{0}", result.All);
        result.Output.Should().Contain($"SUCCESS: {ExpectedAlerts.Length} rules found");
    }

    [Fact]
    public void Promtool_unit_tests_pass()
    {
        var tests = MonitoringFiles.RuleTestFiles().Select(Path.GetFileName).Cast<string>().ToArray();
        tests.Should().NotBeEmpty();

        var result = MonitoringFiles.Run("promtool", PromtoolHint, _workspace, ["test", "rules", .. tests]);

        result.ExitCode.Should().Be(0, "promtool test rules must pass:\n{0}", result.All);
        foreach (var test in tests)
        {
            result.Output.Should().Contain($"Unit Testing:  {test}");
        }

        result.All.Should().NotContain("FAILED");
    }

    [Fact]
    public void The_rules_hold_exactly_the_planned_alerts()
    {
        MonitoringFiles.Alerts().Select(a => a.Name).Should().BeEquivalentTo(ExpectedAlerts);
    }

    [Fact]
    public void Every_alert_has_a_severity_summary_description_and_runbook()
    {
        foreach (var alert in MonitoringFiles.Alerts())
        {
            alert.Body.Should().MatchRegex(@"severity:\s*(warning|critical)", "{0} needs a severity", alert.Name);
            foreach (var annotation in new[] { "summary:", "description:", "runbook:" })
            {
                alert.Body.Should().Contain(annotation, "{0} needs a {1}", alert.Name, annotation);
            }

            alert.Body.Should().Contain($"README.md#{alert.Name.ToLowerInvariant()}", "{0}'s runbook points at its README section", alert.Name);
        }
    }

    [Fact]
    public void Every_alert_has_a_firing_and_a_quiet_promtool_case()
    {
        var tests = MonitoringFiles.RuleTestFiles().Select(File.ReadAllText).ToArray();

        foreach (var alert in MonitoringFiles.Alerts())
        {
            var cases = tests.SelectMany(t => AlertCases(t, alert.Name)).ToArray();
            cases.Should().Contain(c => !c.Quiet, "{0} needs a test where it fires", alert.Name);
            cases.Should().Contain(c => c.Quiet, "{0} needs a test where it does not fire", alert.Name);
        }
    }

    [Fact]
    public void Target_down_fires_after_one_minute_and_scrapes_run_well_under_it()
    {
        var targetDown = MonitoringFiles.Alerts().Single(a => a.Name == "TargetDown");
        targetDown.Expression.Should().Be("up{job=~\"growbin-apps|dapr-sidecars|redis\"} == 0");
        targetDown.Body.Should().Contain("for: 1m");

        File.ReadAllText(Path.Combine(MonitoringFiles.MonitoringDirectory, "podmonitors.yaml"))
            .Should().Contain("interval: 15s").And.NotContainAny("interval: 30s", "interval: 1m");
        File.ReadAllText(Path.Combine(MonitoringFiles.MonitoringDirectory, "prometheus", "prometheus.yml"))
            .Should().Contain("scrape_interval: 15s");
    }

    [Fact]
    public void Every_alert_expression_names_only_metrics_the_code_exports()
    {
        var known = MonitoringFiles.KnownMetrics();

        foreach (var alert in MonitoringFiles.Alerts())
        {
            var used = MonitoringFiles.MetricNames(alert.Expression);
            used.Should().NotBeEmpty("{0}'s expression selects some metric", alert.Name);
            used.Should().BeSubsetOf(known, "{0} must use metrics that exist (renamed metric?)", alert.Name);
        }
    }

    [Fact]
    public void A_missing_tool_fails_with_how_to_install_it()
    {
        var run = () => MonitoringFiles.Run("growbin-no-such-promtool", PromtoolHint, _workspace, "--version");

        run.Should().Throw<InvalidOperationException>()
            .WithMessage("growbin-no-such-promtool is not installed or not on PATH*make setup-test*");
    }

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    /// <summary>Each <c>alertname: X</c> entry of a promtool test and whether it expects no alert (<c>exp_alerts: []</c>).</summary>
    private static IEnumerable<(bool Quiet, string Text)> AlertCases(string test, string alert)
    {
        var lines = test.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != $"alertname: {alert}")
            {
                continue;
            }

            var next = lines.Skip(i + 1).FirstOrDefault(l => l.Trim().StartsWith("exp_alerts:", StringComparison.Ordinal)) ?? string.Empty;
            yield return (next.Trim() == "exp_alerts: []", lines[i]);
        }
    }
}
