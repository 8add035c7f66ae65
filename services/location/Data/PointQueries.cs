namespace Growbin.Location.Data;

/// <summary>
/// Every statement location sends through the growbin-db binding, in one place. Arguments are <c>$n</c> parameters
/// the binding sends untyped (JSON numbers and strings), so each is cast where it is used. Points are
/// <c>geography(Point, 4326)</c>: distances in metres on the WGS 84 spheroid, the GiST index serving both
/// <c>ST_DWithin</c> and the KNN operator <c>&lt;-&gt;</c>. Every statement selects <see cref="PointColumns"/> first,
/// in that order (<see cref="PointStore"/> reads them by position).
/// </summary>
public static class PointQueries
{
    /// <summary>
    /// id, kind, name, address, detail, district, opening_hours, latitude, longitude, source — lat/lng taken from the
    /// point as geometry (ST_Y, ST_X).
    /// </summary>
    public const string PointColumns = """
        id::text, kind, name, address, detail, district, opening_hours,
        ST_Y(location::geometry), ST_X(location::geometry), source
        """;

    /// <summary>
    /// Points within a radius, nearest first. <b>$1 longitude, $2 latitude</b> (degrees, WGS 84; note the order:
    /// x before y, as ST_MakePoint takes them), <b>$3 radius</b> in metres, <b>$4 kind</b> or null for every kind,
    /// <b>$5 limit</b>. The inner query walks the GiST index nearest-first (KNN <c>&lt;-&gt;</c>) and stops after $5
    /// rows; the radius is applied to those few. The nearest $5 within the radius are exactly the nearest $5 overall
    /// that are within it, so this is the same answer as filtering first — but filtering first (ST_DWithin in the same
    /// WHERE) lets the planner pick a bitmap scan that reads and sorts every point in the circle: with 100,000 points
    /// that was 40–80 ms a query against 0.2 ms (bench/README.md). The last column is ST_Distance in metres (spheroid).
    /// </summary>
    public const string Nearby = $"""
        SELECT {PointColumns},
               ST_Distance(location, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography)
        FROM (
            SELECT *
            FROM growbin.collection_points
            WHERE $4::text IS NULL OR kind = $4::text
            ORDER BY location <-> ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography
            LIMIT $5::int
        ) AS nearest
        WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography, $3::float8)
        ORDER BY location <-> ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography
        """;

    /// <summary>
    /// Points whose name or address resembles the query. $1 query (trimmed), $2 longitude or null, $3 latitude or
    /// null, $4 limit. Matches trigram similarity (<c>%</c>, typo-tolerant), word similarity (<c>&lt;%</c>: the query
    /// is close to a part of a longer name) or a plain substring (ILIKE, the query's <c>%</c>, <c>_</c> and <c>\</c>
    /// escaped so they match themselves); all three use the trigram GIN indexes. Best score first (a substring hit
    /// counts as 1), then nearest when a position is given. The last two columns are the distance in metres (null
    /// without a position) and the score.
    /// </summary>
    public const string Search = $"""
        WITH q AS (
            SELECT $1::text AS text,
                   '%' || replace(replace(replace($1::text, '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pattern,
                   CASE WHEN $2::float8 IS NULL OR $3::float8 IS NULL THEN NULL
                        ELSE ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography END AS here
        )
        SELECT {PointColumns},
               ST_Distance(location, q.here),
               GREATEST(
                   similarity(name, q.text), word_similarity(q.text, name),
                   similarity(coalesce(address, ''), q.text), word_similarity(q.text, coalesce(address, '')),
                   CASE WHEN name ILIKE q.pattern OR address ILIKE q.pattern THEN 1 ELSE 0 END) AS score
        FROM growbin.collection_points, q
        WHERE name % q.text OR address % q.text
           OR q.text <% name OR q.text <% address
           OR name ILIKE q.pattern OR address ILIKE q.pattern
        ORDER BY score DESC, ST_Distance(location, q.here) NULLS LAST, id
        LIMIT $4::int
        """;

    /// <summary>$1 id (uuid as text).</summary>
    public const string GetById = $"""
        SELECT {PointColumns}
        FROM growbin.collection_points
        WHERE id = $1::uuid
        """;
}
