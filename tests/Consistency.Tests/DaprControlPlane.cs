namespace Growbin.Consistency.Tests;

/// <summary>
/// Where `dapr init` publishes Dapr's control plane on Linux and macOS and where every sidecar dials it by default
/// (dapr/cli pkg/standalone/standalone.go; `dapr run --placement-host-address/--scheduler-host-address localhost`,
/// pkg/standalone/run.go adds these ports). dapr.yaml keeps its sidecars off them; `make run` checks both answer.
/// </summary>
internal static class DaprControlPlane
{
    public const string PlacementPort = "50005";

    public const string SchedulerPort = "50006";

    public static readonly IReadOnlyList<string> Ports = [PlacementPort, SchedulerPort];
}
