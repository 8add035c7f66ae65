namespace Growbin.ScheduleImport.Tests;

/// <summary>The synthetic sample files (Samples/README.md), copied next to the test assembly.</summary>
public static class Samples
{
    public const string MapoUtf8 = "synthetic-mapo-utf8.csv";
    public const string SeodaemunBundangSejongCp949 = "synthetic-seodaemun-bundang-sejong-cp949.csv";
    public const string EunpyeongBroken = "synthetic-eunpyeong-broken.csv";

    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    /// <summary>A fresh path in a per-run temporary folder (left for the OS to clean).</summary>
    public static string TempPath(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "growbin-schedule-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
