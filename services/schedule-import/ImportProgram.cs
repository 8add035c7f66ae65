namespace Growbin.ScheduleImport;

/// <summary>The process entry (a named class, not top-level statements, so test projects hosting apps' <c>Program</c> see no second one).</summary>
public static class ImportProgram
{
    public static async Task<int> Main(string[] args) => await ScheduleImportCommand.RunAsync(args);
}
