using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Activities;

public sealed class UpperActivity(ActivityLog log, AppIdentity app) : LoggedActivity(log, app)
{
    protected override string Transform(string input) => input.ToUpperInvariant();
}
