namespace Growbin.Auth.Tests;

/// <summary>The repository's root (where Growbin.sln is), for tests that read docs, components and scripts.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Growbin.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Growbin.sln not found above {AppContext.BaseDirectory}.");
    }
}
