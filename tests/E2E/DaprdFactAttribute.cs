namespace Growbin.E2E.Tests;

/// <summary>A fact that needs a real Dapr runtime: skipped, with the reason, when daprd is not on PATH.</summary>
public sealed class DaprdFactAttribute : FactAttribute
{
    public DaprdFactAttribute()
    {
        if (!DaprTools.Available)
        {
            Skip = "daprd is not on PATH: install the Dapr CLI and run 'dapr init' (or 'dapr init --slim') to run the E2E suite";
        }
    }
}
