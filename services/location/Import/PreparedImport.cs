using Growbin.Csv;

namespace Growbin.Location.Import;

/// <summary>
/// A file read, decoded, split and bound to its mapping: everything that can refuse the input, done before the
/// import reaches for the sidecar.
/// </summary>
public sealed record PreparedImport(ImportOptions Options, string Encoding, IReadOnlyList<CsvRecord> Rows, PointRowReader Reader);
