using System.Globalization;
using System.Text;
using Growbin.Csv;

namespace Growbin.Location.Import;

/// <summary>
/// Imports one public-data CSV into <c>growbin.collection_points</c>: decode, split, map each row, check it against
/// the table, geocode rows without coordinates through Kakao, then upsert by (source, source_id). Rows that cannot be
/// imported are skipped with their line and reason; only input the import cannot start from (no file, bad mapping,
/// header without the mapped columns) or a database that stops answering ends it with an exception.
/// </summary>
public sealed class PointImporter(KakaoAddressGeocoder geocoder, CollectionPointWriter writer)
{
    public async Task<ImportReport> ImportAsync(ImportOptions options, CancellationToken cancellationToken = default) =>
        await ImportAsync(await PrepareAsync(options, cancellationToken), cancellationToken);

    /// <summary>Reads and checks the input without touching the sidecar; <see cref="ImportInputException"/> says what is unusable.</summary>
    public static async Task<PreparedImport> PrepareAsync(ImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!PointLimits.IsValidSource(options.Source))
        {
            throw new ImportInputException(
                $"source '{options.Source}' must be lower-case letters, digits and hyphens (at most 63, starting with a letter or digit)");
        }

        var mapping = LoadMapping(options.MappingFile);
        var (text, encoding) = await ReadAsync(options.File, cancellationToken);
        var records = Split(text);
        if (records.Count == 0)
        {
            throw new ImportInputException($"{options.File} is empty: it has no header");
        }

        try
        {
            return new PreparedImport(options, encoding, records.Skip(1).ToList(), new PointRowReader(mapping, records[0].Fields));
        }
        catch (MappingException ex)
        {
            throw new ImportInputException($"{options.File} does not fit its mapping: {ex.Message}", ex);
        }
    }

    public async Task<ImportReport> ImportAsync(PreparedImport prepared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var (options, encoding, records, reader) = prepared;
        var skipped = new List<SkippedRow>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new List<PointRow>();
        var readyCount = 0;
        var counts = new UpsertCounts();
        var blank = 0;
        var geocoded = 0;
        var syntheticSource = SyntheticPoints.IsSyntheticSource(options.Source);

        foreach (var record in records)
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                blank++;
                continue;
            }

            if (!reader.TryRead(record, out var row, out var reason))
            {
                skipped.Add(new SkippedRow(record.Line, null, reason!));
                continue;
            }

            if (firstLineOf.TryGetValue(row!.SourceId, out var first))
            {
                skipped.Add(new SkippedRow(row.Line, row.SourceId, $"duplicate source id: line {first} has it too (the first one is kept)"));
                continue;
            }

            firstLineOf[row.SourceId] = row.Line;
            if (SyntheticPoints.IsMarked(row.Name) != syntheticSource)
            {
                skipped.Add(new SkippedRow(row.Line, row.SourceId, syntheticSource
                    ? $"a point in a synthetic source must be named {SyntheticPoints.NameMarker} …, so it is never taken for a real place"
                    : $"a synthetic point ({SyntheticPoints.NameMarker}) only goes into a source whose name contains '{SyntheticPoints.SourceMarker}'"));
                continue;
            }

            if (!row.HasCoordinates)
            {
                var (located, failure) = await GeocodeAsync(row, cancellationToken);
                if (located is null)
                {
                    skipped.Add(new SkippedRow(row.Line, row.SourceId, failure!));
                    continue;
                }

                row = located;
                geocoded++;
            }

            if (!PointLimits.IsInsideKorea(row.Latitude!.Value, row.Longitude!.Value))
            {
                skipped.Add(new SkippedRow(row.Line, row.SourceId, OutsideKorea(row.Latitude.Value, row.Longitude.Value)));
                continue;
            }

            ready.Add(row);
            readyCount++;
            if (ready.Count == CollectionPointWriter.BatchSize && !options.DryRun)
            {
                // Written as the file goes: a long geocoding run keeps what it has done if it is stopped.
                counts += await writer.UpsertAsync(options.Source, ready, skipped, cancellationToken);
                ready.Clear();
            }
        }

        if (!options.DryRun)
        {
            counts += await writer.UpsertAsync(options.Source, ready, skipped, cancellationToken);
        }

        return new ImportReport(options.File, options.Source, encoding, options.DryRun, records.Count, blank, readyCount,
            counts.Inserted, counts.Updated, counts.Unchanged, geocoded, geocoder.Calls, skipped.OrderBy(s => s.Line).ToList());
    }

    private static ColumnMapping LoadMapping(string? file)
    {
        try
        {
            return file is null ? ColumnMapping.GrowbinLayout : ColumnMapping.Load(file);
        }
        catch (MappingException ex)
        {
            throw new ImportInputException(ex.Message, ex);
        }
    }

    private static async Task<(string Text, string Encoding)> ReadAsync(string file, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportInputException($"cannot read {file}: {ex.Message}", ex);
        }

        try
        {
            return CsvFileDecoder.Decode(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ImportInputException($"{file} starts with a UTF-8 byte order mark but is not UTF-8", ex);
        }
    }

    private static List<CsvRecord> Split(string text)
    {
        try
        {
            return CsvParser.Parse(text).ToList();
        }
        catch (CsvFormatException ex)
        {
            throw new ImportInputException($"the file is not readable CSV: {ex.Message}", ex);
        }
    }

    // The road address first; the lot address when Kakao does not know the road address (or there is none).
    private async Task<(PointRow? Row, string? Failure)> GeocodeAsync(PointRow row, CancellationToken cancellationToken)
    {
        var addresses = new[] { row.RoadAddress, row.LotAddress }.OfType<string>().Distinct().ToList();
        if (addresses.Count == 0)
        {
            return (null, "no coordinates and no address to geocode");
        }

        foreach (var address in addresses)
        {
            var result = await geocoder.GeocodeAsync(address, cancellationToken);
            if (result.Failure is not null)
            {
                return (null, result.Failure);
            }

            if (result.IsFound)
            {
                return (row with { Latitude = result.Latitude, Longitude = result.Longitude }, null);
            }
        }

        return (null, $"Kakao found no place for the address {string.Join(" or ", addresses.Select(a => $"'{a}'"))}");
    }

    private static string OutsideKorea(double latitude, double longitude)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = string.Create(invariant,
            $"the coordinates (latitude {latitude}, longitude {longitude}) are outside South Korea " +
            $"(latitude {PointLimits.MinLatitude}–{PointLimits.MaxLatitude}, longitude {PointLimits.MinLongitude}–{PointLimits.MaxLongitude})");
        return PointLimits.IsInsideKorea(longitude, latitude) ? text + "; latitude and longitude look swapped" : text;
    }
}
