namespace Growbin.ScanPipeline;

/// <summary>What a finished scan reports. <see cref="FinishScan"/> ignores its failures: metrics never fail or repeat a scan.</summary>
public interface IScanMetrics
{
    void ScanFinished(ScanOutcome outcome);
}
