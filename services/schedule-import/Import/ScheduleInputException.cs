namespace Growbin.ScheduleImport.Import;

/// <summary>Input the import cannot start from (no file, unreadable CSV, a required column missing): nothing is written.</summary>
public sealed class ScheduleInputException(string message, Exception? inner = null) : Exception(message, inner);
