using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Activities;

public sealed class StepTwoActivity(ActivityLog log, AppIdentity app) : LoggedActivity(log, app)
{
    protected override string Transform(string input) => $"two({input})";
}
