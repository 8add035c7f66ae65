namespace Growbin.Location.Import;

/// <summary>A mapping file that cannot be used as it is, or a file whose header does not fit its mapping.</summary>
public sealed class MappingException(string message, Exception? inner = null) : Exception(message, inner);
