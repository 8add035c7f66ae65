namespace Growbin.Location.Import;

/// <summary>
/// The importer's statements on <c>growbin.collection_points</c>, sent through the growbin-db binding with
/// <c>$n</c> parameters (the binding sends them untyped; casts say the types).
/// </summary>
public static class CollectionPointImportQueries
{
    /// <summary>
    /// $1 source, $2 a JSON array of rows {source_id, kind, name, address, detail, district, opening_hours, lat, lng}.
    /// Many rows in one statement: each statement is a round trip through the sidecar, and one JSON parameter keeps
    /// the parameter list fixed however many rows there are. A row whose (source, source_id) exists is updated only
    /// when something differs (the location compared as WKB bytes, exactly: geography's = compares rounded boxes), so
    /// an unchanged row keeps its updated_at and returns nothing; inserted rows return true (a fresh tuple has no
    /// xmax), updated rows false.
    /// </summary>
    public const string Upsert = """
        INSERT INTO growbin.collection_points AS p
            (source, source_id, kind, name, address, detail, district, opening_hours, location)
        SELECT $1::text, r.source_id, r.kind, r.name, r.address, r.detail, r.district, r.opening_hours,
               ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326)::geography
        FROM jsonb_to_recordset($2::jsonb) AS r(source_id text, kind text, name text, address text, detail text,
                                                 district text, opening_hours text, lat float8, lng float8)
        ON CONFLICT ON CONSTRAINT collection_points_source_key DO UPDATE
        SET kind = EXCLUDED.kind, name = EXCLUDED.name, address = EXCLUDED.address, detail = EXCLUDED.detail,
            district = EXCLUDED.district, opening_hours = EXCLUDED.opening_hours, location = EXCLUDED.location,
            updated_at = now()
        WHERE (p.kind, p.name, p.address, p.detail, p.district, p.opening_hours, ST_AsBinary(p.location))
              IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.address, EXCLUDED.detail, EXCLUDED.district,
                                EXCLUDED.opening_hours, ST_AsBinary(EXCLUDED.location))
        RETURNING p.source_id, (p.xmax = 0) AS inserted
        """;
}
