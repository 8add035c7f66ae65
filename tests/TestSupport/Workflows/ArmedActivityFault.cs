namespace Growbin.TestSupport.Workflows;

/// <summary>A fault that fires once, on the next matching activity of <see cref="AppId"/>.</summary>
internal sealed record ArmedActivityFault(ActivityFaultKind Kind, string AppId, string ActivityName);
