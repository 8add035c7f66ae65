using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Growbin.Operations.Tests;

/// <summary>
/// What the monitoring tests share: where k8s/monitoring is, the alert rules as promtool reads them (the
/// PrometheusRule's <c>spec</c>), the metric names a PromQL expression uses, the metric names the code exports, and
/// running promtool or kubectl.
/// </summary>
internal static partial class MonitoringFiles
{
    public const string RulesFileName = "growbin-alerts.rules.yaml";

    /// <summary>
    /// Metrics that exist without a <c>Metrics.Create*</c> call in our code. Each name here is a promise that
    /// something else exports it; keep the list short.
    /// </summary>
    public static readonly IReadOnlySet<string> ExternalMetrics = new HashSet<string>(StringComparer.Ordinal)
    {
        // Prometheus itself, one series per scrape target.
        "up",
        // prometheus-net.AspNetCore 8 (UseHttpMetrics in ServiceDefaults): labels code, method, controller, action, endpoint.
        "http_requests_received_total",
        "http_requests_in_progress",
        "http_request_duration_seconds_bucket",
        "http_request_duration_seconds_count",
        "http_request_duration_seconds_sum",
        // The Dapr sidecar (daprd): service invocation round trip as the caller's sidecar sees it, labels app_id, dst_app_id, status.
        "dapr_runtime_service_invocation_res_recv_latency_ms_bucket",
        "dapr_runtime_service_invocation_res_recv_latency_ms_count",
        "dapr_runtime_service_invocation_res_recv_latency_ms_sum",
        // oliver006/redis_exporter, the sidecar of k8s/base/data/redis.yaml (exporter/exporter.go: INFO used_memory,
        // maxmemory; exporter/info.go: errorstats by error prefix, label err).
        "redis_memory_used_bytes",
        "redis_memory_max_bytes",
        "redis_errors_total",
    };

    private static readonly HashSet<string> PromQlWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string MonitoringDirectory => Path.Combine(RepositoryRoot, "k8s", "monitoring");

    public static string PrometheusRuleFile => Path.Combine(MonitoringDirectory, "rules", "growbin-alerts.yaml");

    public static string RuleTestsDirectory => Path.Combine(MonitoringDirectory, "rules", "tests");

    public static string DashboardFile => Path.Combine(MonitoringDirectory, "dashboards", "growbin.json");

    /// <summary>
    /// The PrometheusRule's <c>spec</c> as a plain Prometheus rules file: the lines after the top-level <c>spec:</c>,
    /// two spaces less indented (the same as the README's sed one-liner).
    /// </summary>
    public static string ExtractRulesFile()
    {
        var lines = File.ReadAllLines(PrometheusRuleFile);
        var spec = Array.IndexOf(lines, "spec:");
        if (spec < 0)
        {
            throw new InvalidOperationException($"{PrometheusRuleFile} has no top-level 'spec:' line.");
        }

        var rules = new StringBuilder();
        foreach (var line in lines.Skip(spec + 1))
        {
            if (line.Length > 0 && !line.StartsWith("  ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"'spec:' must be the last top-level key of {PrometheusRuleFile}, but this line follows it: {line}");
            }

            rules.AppendLine(line.Length > 0 ? line[2..] : line);
        }

        return rules.ToString();
    }

    /// <summary>A temporary folder holding the extracted rules file next to copies of the promtool tests.</summary>
    public static string PrepareRulesWorkspace()
    {
        var workspace = Directory.CreateTempSubdirectory("growbin-rules-").FullName;
        File.WriteAllText(Path.Combine(workspace, RulesFileName), ExtractRulesFile());
        foreach (var test in RuleTestFiles())
        {
            File.Copy(test, Path.Combine(workspace, Path.GetFileName(test)));
        }

        return workspace;
    }

    public static string[] RuleTestFiles() =>
        Directory.GetFiles(RuleTestsDirectory, "*.test.yaml").Order(StringComparer.Ordinal).ToArray();

    /// <summary>Each alert of the rules file with its expression (single line or a <c>|</c> block) and the lines of its rule.</summary>
    public static IReadOnlyList<AlertRule> Alerts()
    {
        var lines = ExtractRulesFile().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var alerts = new List<AlertRule>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = AlertLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var indent = match.Groups["indent"].Value.Length;
            var end = i + 1;
            while (end < lines.Length && (lines[end].Trim().Length == 0 || Indent(lines[end]) > indent))
            {
                end++;
            }

            var body = lines[(i + 1)..end];
            alerts.Add(new AlertRule(match.Groups["name"].Value.Trim(), Expression(body), string.Join('\n', body)));
        }

        return alerts;
    }

    /// <summary>The metric names a PromQL expression selects (functions, keywords, labels and template variables left out).</summary>
    public static IReadOnlySet<string> MetricNames(string promQl)
    {
        var text = QuotedString().Replace(promQl, "\"\"");
        text = LabelMatchers().Replace(text, "{}");
        text = RangeOrSubquery().Replace(text, "[]");
        text = GroupingClause().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !text[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Where(name => !PromQlWords.Contains(name))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Every metric name the apps create with prometheus-net (<c>Metrics.CreateCounter/Gauge/Histogram/Summary</c>)
    /// under services/ and workflows/, with the series names a histogram or summary adds.
    /// </summary>
    public static IReadOnlySet<string> ExportedMetrics()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "services", "workflows" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                var parts = file.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj"))
                {
                    continue;
                }

                var source = File.ReadAllText(file);
                foreach (Match create in MetricCreation().Matches(source))
                {
                    var name = create.Groups["literal"].Success
                        ? create.Groups["literal"].Value
                        : ConstantValue(source, create.Groups["constant"].Value);
                    if (name is null)
                    {
                        continue;
                    }

                    names.Add(name);
                    switch (create.Groups["kind"].Value)
                    {
                        case "Histogram":
                            names.UnionWith([name + "_bucket", name + "_count", name + "_sum"]);
                            break;
                        case "Summary":
                            names.UnionWith([name + "_count", name + "_sum"]);
                            break;
                    }
                }
            }
        }

        return names;
    }

    public static IReadOnlySet<string> KnownMetrics()
    {
        var known = new HashSet<string>(ExportedMetrics(), StringComparer.Ordinal);
        known.UnionWith(ExternalMetrics);
        return known;
    }

    /// <summary>Runs a tool to completion; a missing tool is a failure that says how to install it.</summary>
    public static ToolResult Run(string tool, string installHint, string workingDirectory, params string[] arguments)
    {
        var path = FindOnPath(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed or not on PATH; the monitoring tests need it. {installHint}");
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        return new ToolResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);

    private static string? ConstantValue(string source, string constant)
    {
        var declaration = Regex.Match(source, $@"const\s+string\s+{Regex.Escape(constant)}\s*=\s*""(?<value>[^""]+)""");
        return declaration.Success ? declaration.Groups["value"].Value : null;
    }

    private static string Expression(string[] body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            var match = ExprLine().Match(body[i]);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Value.Trim();
            if (value is not ("|" or ">" or "|-" or ">-"))
            {
                return value;
            }

            var indent = Indent(body[i]);
            return string.Join('\n', body.Skip(i + 1).TakeWhile(l => l.Trim().Length == 0 || Indent(l) > indent)).Trim();
        }

        return string.Empty;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Growbin.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Growbin.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^(?<indent>\s*)- alert:\s*(?<name>.+)$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^\s*expr:\s*(?<value>.*)$")]
    private static partial Regex ExprLine();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`[^`]*`")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupingClause();

    [GeneratedRegex(@"(?<![\w:.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"Metrics\s*\.\s*Create(?<kind>Counter|Gauge|Histogram|Summary)\s*\(\s*(?:name\s*:\s*)?(?:""(?<literal>[^""]+)""|(?<constant>[A-Za-z_][A-Za-z0-9_]*)\s*,)")]
    private static partial Regex MetricCreation();
}

internal sealed record AlertRule(string Name, string Expression, string Body);

/// <summary>A finished tool: its exit code, standard output, and standard error (kept apart so warnings never mix into output).</summary>
internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}
