using Growbin.Csv;

namespace Growbin.ScheduleImport.Import;

/// <summary>What to import: the file, its encoding (guessed unless named), and whether to write at all.</summary>
public sealed record ScheduleImportOptions(string File, CsvEncoding Encoding = CsvEncoding.Auto, bool DryRun = false);
