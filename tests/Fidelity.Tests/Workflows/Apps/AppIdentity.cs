namespace Growbin.Fidelity.Tests.Workflows.Apps;

/// <summary>Which app a host is, so an activity can say where it ran.</summary>
public sealed record AppIdentity(string AppId);
