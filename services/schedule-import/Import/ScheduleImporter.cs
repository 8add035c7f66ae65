using System.Text;
using Growbin.Csv;
using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Import;

/// <summary>
/// Imports one file of 전국생활쓰레기배출정보표준데이터: decode, split, read every row (bad rows go to the report with
/// their errors; good rows still import), then stage and publish (<see cref="ScheduleWriter"/>), so each 시·군·구 the
/// file covers changes from its old rows to the new ones at once, and an import stopped before publishing changes
/// nothing anyone reads.
/// </summary>
public sealed class ScheduleImporter(ScheduleWriter writer)
{
    /// <summary>Reads and checks the file without the sidecar; <see cref="ScheduleInputException"/> says what is unusable.</summary>
    public static async Task<PreparedScheduleImport> PrepareAsync(ScheduleImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(options.File, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScheduleInputException($"cannot read {options.File}: {ex.Message}", ex);
        }

        string text, encoding;
        try
        {
            (text, encoding) = CsvFileDecoder.Decode(bytes, options.Encoding);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ScheduleInputException(options.Encoding == CsvEncoding.Auto
                ? $"{options.File} starts with a UTF-8 byte order mark but is not UTF-8"
                : $"{options.File} is not valid {(options.Encoding == CsvEncoding.Cp949 ? "CP949" : "UTF-8")}", ex);
        }

        List<CsvRecord> records;
        try
        {
            records = CsvParser.Parse(text).ToList();
        }
        catch (CsvFormatException ex)
        {
            throw new ScheduleInputException($"the file is not readable CSV: {ex.Message}", ex);
        }

        if (records.Count == 0)
        {
            throw new ScheduleInputException($"{options.File} is empty: it has no header");
        }

        var reader = new ScheduleRowReader(records[0].Fields);
        var good = new List<ScheduleRow>();
        var errors = new List<RowError>();
        var blank = 0;
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.All(string.IsNullOrWhiteSpace))
            {
                blank++;
            }
            else if (reader.TryRead(record, out var row, out var rowErrors))
            {
                good.Add(row!);
            }
            else
            {
                errors.AddRange(rowErrors);
            }
        }

        return new PreparedScheduleImport(options, encoding, records.Count - 1, blank, good, errors);
    }

    public async Task<ScheduleImportReport> ImportAsync(ScheduleImportOptions options, CancellationToken cancellationToken = default) =>
        await ImportAsync(await PrepareAsync(options, cancellationToken), cancellationToken);

    public async Task<ScheduleImportReport> ImportAsync(PreparedScheduleImport prepared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var options = prepared.Options;
        var errors = prepared.Errors.ToList();
        if (options.DryRun || prepared.Good.Count == 0)
        {
            return new ScheduleImportReport(options.File, prepared.Encoding, options.DryRun, null, prepared.Rows, prepared.BlankRows,
                options.DryRun ? prepared.Good.Count : 0, errors, []);
        }

        var importId = Guid.NewGuid();
        await writer.BeginAsync(importId, Path.GetFileName(options.File), cancellationToken);
        var staged = await writer.StageAsync(importId, prepared.Good, errors, cancellationToken);
        var regions = staged
            .GroupBy(r => (r.Sido, Key: r.Sigungu.Replace(" ", "", StringComparison.Ordinal)))
            .Select(g => ($"{g.Key.Sido} {g.First().Sigungu}", g.Count()))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ToList();
        if (staged.Count > 0 && await writer.PublishAsync(importId, cancellationToken) is var published && published != regions.Count)
        {
            throw new InvalidOperationException($"Publishing import {importId} of {regions.Count} 시·군·구 reported {published}.");
        }

        return new ScheduleImportReport(options.File, prepared.Encoding, false, importId, prepared.Rows, prepared.BlankRows, staged.Count,
            errors, regions);
    }
}
