using System.Text.Json;

namespace Growbin.Operations.Tests;

/// <summary>
/// k8s/monitoring/dashboards/growbin.json: valid Grafana JSON whose every query names metrics the code exports, so a
/// renamed metric breaks this test instead of leaving an empty panel.
/// </summary>
public sealed class MonitoringDashboardTests
{
    private static readonly JsonElement Dashboard = JsonDocument.Parse(File.ReadAllText(MonitoringFiles.DashboardFile)).RootElement;

    [Fact]
    public void The_dashboard_parses_and_has_a_stable_identity()
    {
        Dashboard.GetProperty("uid").GetString().Should().Be("growbin-overview");
        Dashboard.GetProperty("title").GetString().Should().Be("Growbin");
        Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Should().Contain(v => v.GetProperty("name").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");
    }

    [Fact]
    public void Every_panel_has_a_unique_id_and_every_non_row_panel_a_query()
    {
        var panels = Panels().ToArray();
        panels.Should().NotBeEmpty();
        panels.Select(p => p.GetProperty("id").GetInt32()).Should().OnlyHaveUniqueItems();

        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var title = panel.GetProperty("title").GetString();
            panel.GetProperty("targets").EnumerateArray()
                .Should().NotBeEmpty("panel '{0}' needs a query", title)
                .And.OnlyContain(t => !string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), "panel '{0}' has an empty query", title);
        }
    }

    [Fact]
    public void The_dashboard_shows_what_the_issue_asks_for()
    {
        var queries = string.Join('\n', Queries().Select(q => q.Expr));

        foreach (var metric in new[]
                 {
                     "growbin_scan_duration_seconds_count", // scans/min
                     "growbin_scan_step_attempts_total", "dapr_runtime_service_invocation_res_recv_latency_ms_bucket", // steps
                     "growbin_ai_calls_total", "growbin_ai_tokens_total", "growbin_ai_cost_usd_total", // AI calls, tokens, cost
                     "growbin_ai_cache_hits_total", "growbin_ai_budget_used_ratio", // cache hit ratio, budget
                     "http_requests_received_total", // errors per app
                 })
        {
            queries.Should().Contain(metric);
        }
    }

    [Fact]
    public void Every_query_names_only_metrics_the_code_exports()
    {
        var known = MonitoringFiles.KnownMetrics();

        foreach (var (title, expr) in Queries())
        {
            var used = MonitoringFiles.MetricNames(expr);
            used.Should().NotBeEmpty("panel '{0}' selects some metric", title);
            used.Should().BeSubsetOf(known, "panel '{0}' must query metrics that exist (renamed metric?): {1}", title, expr);
        }
    }

    [Fact]
    public void The_metric_scan_finds_the_growbin_metrics_and_reads_promql_as_expected()
    {
        // Guards the two helpers the checks above rely on: a scan that found nothing, or a parser that saw nothing,
        // would let any query pass.
        MonitoringFiles.ExportedMetrics().Should().Contain(
        [
            "growbin_ai_calls_total", "growbin_ai_tokens_total", "growbin_ai_cost_usd_total", "growbin_ai_cache_hits_total",
            "growbin_scan_step_attempts_total", "growbin_scan_duration_seconds_bucket", "growbin_scan_duration_seconds_count",
            "growbin_ai_budget_used_ratio", "growbin_scan_pipelines_stuck", "growbin_scheduler_job_runs_total",
        ]);

        MonitoringFiles.MetricNames(
                "histogram_quantile(0.95, sum by (le, app) (rate(http_request_duration_seconds_bucket{app=~\"a|b\", code!=\"5xx\"}[$__rate_interval]))) "
                + "/ on (app) group_left sum(growbin_x_total offset 5m) and bool 1e3 > max without (pod) (up)")
            .Should().BeEquivalentTo("http_request_duration_seconds_bucket", "growbin_x_total", "up");
        MonitoringFiles.MetricNames("sum(rate(growbin_renamed_total[5m]))").Should().NotBeSubsetOf(MonitoringFiles.KnownMetrics());
    }

    private static IEnumerable<JsonElement> Panels()
    {
        var pending = new Stack<JsonElement>(Dashboard.GetProperty("panels").EnumerateArray());
        while (pending.Count > 0)
        {
            var panel = pending.Pop();
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var child in nested.EnumerateArray())
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static IEnumerable<(string Title, string Expr)> Queries() =>
        Panels()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()
                .Select(t => (p.GetProperty("title").GetString() ?? string.Empty, t.GetProperty("expr").GetString() ?? string.Empty)));
}
