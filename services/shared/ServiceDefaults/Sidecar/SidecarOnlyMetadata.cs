namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>Endpoint metadata set by <see cref="SidecarRoutes.RequireSidecar{TBuilder}"/>.</summary>
public sealed class SidecarOnlyMetadata
{
    public static readonly SidecarOnlyMetadata Instance = new();

    private SidecarOnlyMetadata()
    {
    }
}
