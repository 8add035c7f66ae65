namespace Growbin.Fidelity.Tests.Workflows.Apps;

/// <summary>The apps of the scenarios: one hosts the workflows, two host activities, one never exists at first.</summary>
public static class AppIds
{
    public const string Orchestrator = "orchestrator";
    public const string WorkerA = "worker-a";
    public const string WorkerB = "worker-b";
    public const string Ghost = "ghost";
}
