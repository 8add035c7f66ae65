using Growbin.WorkflowSidecar.Tests.Apps;

namespace Growbin.WorkflowSidecar.Tests.Activities;

public sealed class ReverseActivity(ActivityLog log, AppIdentity app) : LoggedActivity(log, app)
{
    protected override string Transform(string input) => new string(input.Reverse().ToArray());
}
