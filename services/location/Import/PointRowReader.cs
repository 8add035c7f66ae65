using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Growbin.Csv;
using Growbin.Location.Points;

namespace Growbin.Location.Import;

/// <summary>
/// A <see cref="ColumnMapping"/> bound to one file's header: finds each field's columns once (refusing the file when a
/// required field has none), then turns records into <see cref="PointRow"/>s or says why a record cannot be one.
/// </summary>
public sealed class PointRowReader
{
    private readonly int _fieldCount;
    private readonly MappedColumn? _sourceId;
    private readonly IReadOnlyList<MappedColumn>? _composite;
    private readonly MappedField _name;
    private readonly MappedColumn? _kind;
    private readonly string? _fixedKind;
    private readonly Dictionary<string, string> _kindValues;
    private readonly MappedField? _roadAddress;
    private readonly MappedField? _lotAddress;
    private readonly MappedField? _detail;
    private readonly MappedField? _district;
    private readonly MappedField? _openingHours;
    private readonly MappedField? _latitude;
    private readonly MappedField? _longitude;

    public PointRowReader(ColumnMapping mapping, IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(header);
        _fieldCount = header.Count;
        var headers = header.Select(HeaderKey).ToList();

        if (mapping.SourceId.Columns is { } idColumns)
        {
            _sourceId = FindFirst(headers, header, "sourceId", idColumns);
        }
        else if (mapping.SourceId.Composite is { } composite)
        {
            _composite = composite.Select(c => FindFirst(headers, header, "sourceId.composite", [c])).ToList();
        }

        _name = Bind(headers, header, "name", mapping.Name)!;
        if (mapping.Kind.Columns is { } kindColumns)
        {
            _kind = FindFirst(headers, header, "kind", kindColumns);
        }

        _fixedKind = mapping.Kind.Fixed;
        _kindValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, korean) in PointKinds.KoreanNames)
        {
            _kindValues[KindKey(name)] = name;
            _kindValues[KindKey(korean)] = name;
        }

        foreach (var (value, kind) in mapping.Kind.Values ?? new Dictionary<string, string>())
        {
            _kindValues[KindKey(value)] = kind;
        }

        _roadAddress = Bind(headers, header, "address", mapping.Address);
        _lotAddress = Bind(headers, header, "lotAddress", mapping.LotAddress);
        _detail = Bind(headers, header, "detail", mapping.Detail);
        _district = Bind(headers, header, "district", mapping.District);
        _openingHours = Bind(headers, header, "openingHours", mapping.OpeningHours);
        _latitude = Bind(headers, header, "latitude", mapping.Latitude);
        _longitude = Bind(headers, header, "longitude", mapping.Longitude);
        if ((_latitude is null) != (_longitude is null))
        {
            throw new MappingException("the file has a latitude column but no longitude column, or the other way round");
        }
    }

    /// <summary>True with the row, or false with why the record is not one (coordinates still unchecked when absent).</summary>
    public bool TryRead(CsvRecord record, out PointRow? row, out string? reason)
    {
        row = null;
        var fields = record.Fields;
        if (fields.Count != _fieldCount)
        {
            reason = $"the row has {fields.Count} fields, the header has {_fieldCount} (an unquoted comma?)";
            return false;
        }

        var sourceId = SourceIdOf(record, out reason);
        if (sourceId is null)
        {
            return false;
        }

        var name = _name.Read(fields);
        if (name is null)
        {
            reason = $"the name ({_name.Describe()}) is empty";
            return false;
        }

        var kind = _fixedKind;
        if (kind is null)
        {
            var value = _kind!.Read(fields);
            if (value is null || !_kindValues.TryGetValue(KindKey(value), out kind))
            {
                reason = value is null
                    ? $"the kind ({_kind.Header}) is empty"
                    : $"unknown kind value '{value}' in column {_kind.Header}";
                return false;
            }
        }

        var road = _roadAddress?.Read(fields);
        var lot = _lotAddress?.Read(fields);
        var detail = _detail?.Read(fields);
        var district = _district?.Read(fields);
        var hours = _openingHours?.Read(fields);
        var checks = new (string Field, string? Value, int Max)[]
        {
            ("source id", sourceId, PointLimits.SourceId), ("name", name, PointLimits.Name),
            ("address", road ?? lot, PointLimits.Address), ("detail", detail, PointLimits.Detail),
            ("district", district, PointLimits.District), ("opening hours", hours, PointLimits.OpeningHours),
        };
        foreach (var (field, value, max) in checks)
        {
            if (value is not null && PointLimits.CharLength(value) > max)
            {
                reason = $"the {field} is {PointLimits.CharLength(value)} characters long (at most {max})";
                return false;
            }
        }

        double? latitude = null, longitude = null;
        if (_latitude is not null && _longitude is not null)
        {
            var latText = _latitude.Read(fields);
            var lngText = _longitude.Read(fields);
            if (latText is not null && lngText is not null)
            {
                if (!TryCoordinate(latText, out var lat) || !TryCoordinate(lngText, out var lng))
                {
                    reason = $"the coordinates '{latText}', '{lngText}' are not numbers";
                    return false;
                }

                latitude = lat;
                longitude = lng;
            }
        }

        reason = null;
        row = new PointRow(record.Line, sourceId, name, kind, road, lot, detail, district, hours, latitude, longitude);
        return true;
    }

    /// <summary>Header names compare without spaces and letter case ("위 도" and "위도", "Latitude" and "latitude").</summary>
    private static string HeaderKey(string header) => string.Concat(header.Where(c => !char.IsWhiteSpace(c) && c != '\uFEFF'))
        .ToLowerInvariant();

    private static string KindKey(string value) => string.Concat(value.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    private static bool TryCoordinate(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private string? SourceIdOf(CsvRecord record, out string? reason)
    {
        reason = null;
        if (_sourceId is not null)
        {
            var id = _sourceId.Read(record.Fields);
            reason = id is null ? $"the source id ({_sourceId.Header}) is empty" : null;
            return id;
        }

        if (_composite is not null)
        {
            var parts = _composite.Select(c => c.Read(record.Fields) ?? "").ToList();
            if (parts.All(p => p.Length == 0))
            {
                reason = $"the source id columns ({string.Join(", ", _composite.Select(c => c.Header))}) are all empty";
                return null;
            }

            // Stable while those values stay the same; hashed when too long for the column, so it still fits.
            var id = string.Join("|", parts);
            return PointLimits.CharLength(id) <= PointLimits.SourceId
                ? id
                : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        }

        return "row-" + record.Line.ToString(CultureInfo.InvariantCulture);
    }

    private static MappedField? Bind(List<string> keys, IReadOnlyList<string> header, string name, FieldMapping? mapping)
    {
        if (mapping is null)
        {
            return null;
        }

        if (mapping.Fixed is not null)
        {
            return new MappedField([], FieldText.Normalize(mapping.Fixed));
        }

        var columns = mapping.Columns!
            .Select(c => keys.IndexOf(HeaderKey(c)))
            .Where(i => i >= 0)
            .Distinct()
            .Select(i => new MappedColumn(i, header[i]))
            .ToList();
        if (columns.Count == 0 && !mapping.Optional)
        {
            throw NoMatch(name, mapping.Columns!, header);
        }

        return columns.Count == 0 ? null : new MappedField(columns, null);
    }

    private static MappedColumn FindFirst(List<string> keys, IReadOnlyList<string> header, string name, IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            var index = keys.IndexOf(HeaderKey(candidate));
            if (index >= 0)
            {
                return new MappedColumn(index, header[index]);
            }
        }

        throw NoMatch(name, candidates, header);
    }

    private static MappingException NoMatch(string field, IEnumerable<string> candidates, IReadOnlyList<string> header) =>
        new($"no header for {field}: none of {string.Join(", ", candidates)} is in the file (its header: {string.Join(", ", header)})");
}
