using Growbin.WorkflowSidecar.Tests.Apps;

namespace Growbin.WorkflowSidecar.Tests.Activities;

public sealed class GhostActivity(ActivityLog log, AppIdentity app) : LoggedActivity(log, app)
{
    protected override string Transform(string input) => $"ghost({input})";
}
