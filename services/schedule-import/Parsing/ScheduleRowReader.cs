using System.Globalization;
using Growbin.Csv;
using Growbin.Knowledge;
using Growbin.ScheduleImport.Import;

namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// A file's header bound to <see cref="ScheduleColumns"/> (by name, in any order; unknown columns ignored), then each
/// record read into a <see cref="ScheduleRow"/> or the list of what is wrong with it: every bad field of a row is
/// reported, with its column and value.
/// </summary>
public sealed class ScheduleRowReader
{
    /// <summary>The longest text each column may hold (the table's CHECKs, in characters).</summary>
    public static readonly IReadOnlyDictionary<string, int> MaxLength = new Dictionary<string, int>
    {
        [ScheduleColumns.Sigungu] = 50,
        [ScheduleColumns.AreaName] = 200,
        [ScheduleColumns.TargetAreas] = 2000,
        [ScheduleColumns.PlaceType] = 100,
        [ScheduleColumns.Place] = 500,
        [ScheduleColumns.GeneralMethod] = 1000,
        [ScheduleColumns.FoodMethod] = 1000,
        [ScheduleColumns.RecyclableMethod] = 1000,
        [ScheduleColumns.BulkyMethod] = 1000,
        [ScheduleColumns.BulkyPlace] = 500,
        [ScheduleColumns.NonCollection] = 500,
        [ScheduleColumns.Department] = 100,
        [ScheduleColumns.DepartmentPhone] = 50,
    };

    private const string Sejong = "세종특별자치시";

    private readonly int _fieldCount;
    private readonly Dictionary<string, int> _index;

    /// <exception cref="ScheduleInputException">A required column is missing or a column appears twice.</exception>
    public ScheduleRowReader(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _fieldCount = header.Count;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = ScheduleColumns.Required.Concat(ScheduleColumns.Optional).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = HeaderKey(header[i]);
            if (known.Contains(name) && !_index.TryAdd(name, i))
            {
                throw new ScheduleInputException($"the column {name} appears twice in the header");
            }
        }

        var missing = ScheduleColumns.Required.Where(c => !_index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new ScheduleInputException(
                $"the header lacks the required column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} " +
                "(전국생활쓰레기배출정보표준데이터 layout; column names are compared without spaces)");
        }
    }

    /// <summary>Header names compare without spaces or a stray BOM ("시도 명" is 시도명).</summary>
    public static string HeaderKey(string header) => string.Concat(header.Where(c => !char.IsWhiteSpace(c) && c != '\uFEFF'));

    public bool TryRead(CsvRecord record, out ScheduleRow? row, out IReadOnlyList<RowError> errors)
    {
        ArgumentNullException.ThrowIfNull(record);
        row = null;
        var found = new List<RowError>();
        errors = found;
        if (record.Fields.Count != _fieldCount)
        {
            found.Add(new RowError(record.Line, null, null,
                $"the row has {record.Fields.Count} fields, the header has {_fieldCount} (an unquoted comma, or a cell missing?)"));
            return false;
        }

        string? Read(string column) => _index.TryGetValue(column, out var i) ? FieldText.Normalize(record.Fields[i]) : null;
        void Fail(string column, string? value, string reason) => found.Add(new RowError(record.Line, column, value, reason));

        foreach (var (column, max) in MaxLength)
        {
            if (Read(column) is { } value && Length(value) > max)
            {
                Fail(column, value, $"{Length(value)} characters long (at most {max})");
            }
        }

        var sidoText = Read(ScheduleColumns.Sido);
        var sido = sidoText is null ? null : RegionName.SidoOf(sidoText);
        if (sido is null)
        {
            Fail(ScheduleColumns.Sido, sidoText, sidoText is null ? "empty" : "not a 시·도 (e.g. 서울특별시, 경기도, 강원특별자치도)");
        }

        // 세종특별자치시 has no 시·군·구: its rows name the city itself, or nothing.
        var sigungu = Read(ScheduleColumns.Sigungu) ?? (sido == Sejong ? Sejong : null);
        if (sigungu is null)
        {
            Fail(ScheduleColumns.Sigungu, null, "empty: every row belongs to a 시·군·구");
        }

        var area = Read(ScheduleColumns.AreaName);
        if (area is null)
        {
            Fail(ScheduleColumns.AreaName, null, "empty: every row names its 관리구역");
        }

        var general = Waste(ScheduleColumns.GeneralDays, ScheduleColumns.GeneralStart, ScheduleColumns.GeneralEnd, ScheduleColumns.GeneralMethod);
        var food = Waste(ScheduleColumns.FoodDays, ScheduleColumns.FoodStart, ScheduleColumns.FoodEnd, ScheduleColumns.FoodMethod);
        var recyclable = Waste(ScheduleColumns.RecyclableDays, ScheduleColumns.RecyclableStart, ScheduleColumns.RecyclableEnd, ScheduleColumns.RecyclableMethod);

        var dateText = Read(ScheduleColumns.DataDate);
        DateOnly dataDate = default;
        if (dateText is null || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dataDate))
        {
            Fail(ScheduleColumns.DataDate, dateText, dateText is null ? "empty" : "not a date in yyyy-MM-dd form");
        }

        if (found.Count > 0)
        {
            return false;
        }

        row = new ScheduleRow(record.Line, sido!, sigungu!, area!, Read(ScheduleColumns.TargetAreas), Read(ScheduleColumns.PlaceType),
            Read(ScheduleColumns.Place), general!, food!, recyclable!, Read(ScheduleColumns.BulkyMethod), Read(ScheduleColumns.BulkyPlace),
            NonCollectionParser.Parse(Read(ScheduleColumns.NonCollection)), Read(ScheduleColumns.Department),
            Read(ScheduleColumns.DepartmentPhone), dataDate);
        return true;

        WasteSchedule? Waste(string daysColumn, string startColumn, string endColumn, string methodColumn)
        {
            var before = found.Count;
            var daysText = Read(daysColumn);
            if (!KoreanDays.TryParse(daysText, out var days, out var reason))
            {
                Fail(daysColumn, daysText, reason!);
            }

            var startText = Read(startColumn);
            var endText = Read(endColumn);
            int? start = null, end = null;
            if (startText is not null)
            {
                start = KoreanTime.TryParseStart(startText, out var minutes, out reason) ? minutes : null;
                if (start is null)
                {
                    Fail(startColumn, startText, reason!);
                }
            }

            if (endText is not null)
            {
                end = KoreanTime.TryParseEnd(endText, out var minutes, out reason) ? minutes : null;
                if (end is null)
                {
                    Fail(endColumn, endText, reason!);
                }
            }

            if (startText is null != endText is null)
            {
                var (column, other) = startText is null ? (startColumn, endColumn) : (endColumn, startColumn);
                Fail(column, null, $"empty while {other} is given: a window needs both its start and its end");
            }
            else if (start is not null && end is not null && start == end)
            {
                Fail(endColumn, endText, $"the window starts and ends at {KoreanTime.Format(start.Value)}");
            }

            return found.Count == before ? new WasteSchedule(days, start, end, Read(methodColumn)) : null;
        }
    }

    private static int Length(string value) => value.EnumerateRunes().Count();
}
