namespace Growbin.Fidelity.Tests.Workflows.Apps;

public sealed record ActivityRun(string AppId, string Activity, string InstanceId, string? Input);
