namespace Growbin.WorkflowSidecar.Tests.Apps;

public sealed record ActivityRun(string AppId, string Activity, string InstanceId, string? Input);
