using Growbin.WorkflowSidecar.Tests.Apps;

namespace Growbin.WorkflowSidecar.Tests.Activities;

public sealed class FlakyActivity(ActivityLog log, AppIdentity app) : LoggedActivity(log, app)
{
    protected override string Transform(string input) => $"flaky({input})";
}
