namespace Growbin.LocationImport.Tests;

/// <summary>Paths of the files copied next to the test assembly: Samples/, the shipped mappings, the demo dataset.</summary>
public static class Samples
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    public static string Mapping(string name) => Path.Combine(AppContext.BaseDirectory, "mappings", name);

    public static string DemoDataset => Path.Combine(AppContext.BaseDirectory, "data", "demo-synthetic.csv");

    /// <summary>A fresh path in a per-run temporary folder (the folder is left for the OS to clean).</summary>
    public static string TempPath(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "growbin-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>A source name no other test uses, so each test sees only its own rows.</summary>
    public static string NewSource(string prefix = "test") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
}
