namespace Growbin.LocationImport.Tests;

/// <summary>What one in-process run of the command printed and returned.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Error);
