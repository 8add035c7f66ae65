using System.Reflection;

namespace Growbin.ServiceDefaults;

/// <summary>
/// The running app's Dapr app-id, stamped into its assembly at build time (Directory.Build.targets) from the folder
/// name, so it can never drift from dapr.yaml or the Kubernetes Deployment name.
/// </summary>
public sealed record AppIdentity(string AppId)
{
    public const string MetadataKey = "Growbin.AppId";

    public static AppIdentity For(string applicationName)
    {
        var assembly = Assembly.Load(new AssemblyName(applicationName));
        var appId = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataKey)?.Value;
        return new AppIdentity(appId ?? applicationName);
    }
}
