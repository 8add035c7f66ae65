using Dapr.Workflow;

namespace Growbin.ScanPipeline;

/// <summary>
/// The retry policy of each step, ARCHITECTURE §3: upload 3/1s/×2/10s, analyze 3/2s/×2/30s, rules 5/1s/×2/30s,
/// respond 5/1s/×2/30s (attempts count the first try). Constants, not configuration: the policy decides what a replay
/// of a running scan does, so changing it must be a deployment of new code, never a reload under instances in flight.
/// </summary>
public static class ScanRetryPolicies
{
    public static readonly WorkflowRetryPolicy Upload = new(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10));

    /// <summary>The paid step. Only transient failures (timeout, 429, 5xx) throw and are retried; a refusal ends the scan.</summary>
    public static readonly WorkflowRetryPolicy Analyze = new(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(30));

    public static readonly WorkflowRetryPolicy Rules = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    public static readonly WorkflowRetryPolicy Respond = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    /// <summary>Recording the outcome (kept result, scan-completed); failing it does not undo the scan.</summary>
    public static readonly WorkflowRetryPolicy Finish = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));
}
