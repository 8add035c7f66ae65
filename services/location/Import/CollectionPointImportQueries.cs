namespace Growbin.Location.Import;

/// <summary>
/// The importer's statements on <c>growbin.collection_points</c>, sent through the growbin-db binding's <c>exec</c>
/// (which reports every error and the rows affected; its <c>query</c> hides errors raised while a statement runs)
/// with <c>$n</c> parameters (the binding sends them untyped; casts say the types). Both take $1 source and $2 a JSON
/// array of rows {source_id, kind, name, address, detail, district, opening_hours, lat, lng}: many rows in one
/// statement, since each statement is a round trip through the sidecar, and one JSON parameter keeps the parameter
/// list fixed however many rows there are. A batch runs <see cref="InsertNew"/>, then <see cref="UpdateChanged"/>
/// when some rows were there already: the two rows-affected counts are the rows new and the rows changed.
/// </summary>
public static class CollectionPointImportQueries
{
    /// <summary>Inserts the rows whose (source, source_id) is not in the table; rows affected = rows inserted.</summary>
    public const string InsertNew = """
        INSERT INTO growbin.collection_points
            (source, source_id, kind, name, address, detail, district, opening_hours, location)
        SELECT $1::text, r.source_id, r.kind, r.name, r.address, r.detail, r.district, r.opening_hours,
               ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326)::geography
        FROM jsonb_to_recordset($2::jsonb) AS r(source_id text, kind text, name text, address text, detail text,
                                                 district text, opening_hours text, lat float8, lng float8)
        ON CONFLICT ON CONSTRAINT collection_points_source_key DO NOTHING
        """;

    /// <summary>
    /// Updates the existing rows only where something differs (the location compared as WKB bytes, exactly:
    /// geography's = compares rounded boxes), so an unchanged row keeps its updated_at; rows affected = rows changed.
    /// Rows <see cref="InsertNew"/> just inserted are equal to their input and are not touched.
    /// </summary>
    public const string UpdateChanged = """
        UPDATE growbin.collection_points AS p
        SET kind = r.kind, name = r.name, address = r.address, detail = r.detail, district = r.district,
            opening_hours = r.opening_hours, location = r.location, updated_at = now()
        FROM (
            SELECT j.source_id, j.kind, j.name, j.address, j.detail, j.district, j.opening_hours,
                   ST_SetSRID(ST_MakePoint(j.lng, j.lat), 4326)::geography AS location
            FROM jsonb_to_recordset($2::jsonb) AS j(source_id text, kind text, name text, address text, detail text,
                                                     district text, opening_hours text, lat float8, lng float8)
        ) AS r
        WHERE p.source = $1::text AND p.source_id = r.source_id
          AND (p.kind, p.name, p.address, p.detail, p.district, p.opening_hours, ST_AsBinary(p.location))
              IS DISTINCT FROM (r.kind, r.name, r.address, r.detail, r.district, r.opening_hours, ST_AsBinary(r.location))
        """;
}
