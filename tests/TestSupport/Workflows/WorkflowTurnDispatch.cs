namespace Growbin.TestSupport.Workflows;

/// <summary>A workflow work item sent to an app: how much history it replayed and which new events it carried.</summary>
public sealed record WorkflowTurnDispatch(string AppId, string InstanceId, int PastEvents, IReadOnlyList<string> NewEvents, DateTimeOffset At);
