namespace Growbin.E2E.Tests;

internal static class DaprTools
{
    /// <summary>`dapr init` puts daprd in ~/.dapr/bin; either there or on PATH counts, with the dapr CLI on PATH.</summary>
    public static bool Available => OnPath("dapr") && (OnPath("daprd") || File.Exists(DefaultDaprd));

    private static string DefaultDaprd => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dapr", "bin", "daprd");

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
