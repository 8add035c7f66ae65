using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Microsoft.Extensions.Options;

namespace Growbin.ScanPipeline;

/// <summary>
/// Finished scans, kept in the state store under <c>scan-outcome:{taskId}</c> for <see cref="ScanPipelineOptions.ResultTtl"/>:
/// what a person reads once Dapr's <c>stateRetentionPolicy</c> has purged the workflow instance.
/// </summary>
public sealed class ScanOutcomes(DaprClient dapr, IOptions<ScanPipelineOptions> options)
{
    public static string KeyOf(string taskId) => "scan-outcome:" + taskId;

    public Task KeepAsync(ScanState outcome, CancellationToken cancellationToken) =>
        dapr.SaveStateAsync(DaprComponents.StateStore, KeyOf(outcome.TaskId), outcome, metadata: new Dictionary<string, string>
        {
            ["ttlInSeconds"] = ((long)options.Value.ResultTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken);

    public Task<ScanState?> FindAsync(string taskId, CancellationToken cancellationToken) =>
        dapr.GetStateAsync<ScanState?>(DaprComponents.StateStore, KeyOf(taskId), cancellationToken: cancellationToken);
}
