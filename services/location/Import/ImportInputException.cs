namespace Growbin.Location.Import;

/// <summary>Input the import cannot start from: a missing file, a bad mapping or source name, a header that does not fit.</summary>
public sealed class ImportInputException(string message, Exception? inner = null) : Exception(message, inner);
