-- Where things are put out: clothing bins, battery/lamp boxes, medicine boxes, clear-PET vending machines, recycling
-- stations, community centres. One row per place per source (a public-data file, the demo set); re-importing a
-- source updates its rows by source_id. Distances are computed on the geography type, in metres.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE growbin.collection_points (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    source         text        NOT NULL CHECK (source ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    source_id      text        NOT NULL CHECK (char_length(source_id) BETWEEN 1 AND 200),
    kind           text        NOT NULL CHECK (kind IN ('clothing-bin', 'battery-lamp', 'medicine',
                                                        'pet-vending', 'recycling-station', 'community-centre')),
    name           text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    address        text        CHECK (char_length(address) <= 300),
    detail         text        CHECK (char_length(detail) <= 500),
    district       text        CHECK (char_length(district) <= 50),
    opening_hours  text        CHECK (char_length(opening_hours) <= 200),
    location       geography(Point, 4326) NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collection_points_source_key UNIQUE (source, source_id)
);

-- Nearby: KNN (<->) and ST_DWithin both use the GiST index.
CREATE INDEX collection_points_location ON growbin.collection_points USING gist (location);
-- Search by name or address: trigram similarity and ILIKE '%…%' use these.
CREATE INDEX collection_points_name_trgm ON growbin.collection_points USING gin (name gin_trgm_ops);
CREATE INDEX collection_points_address_trgm ON growbin.collection_points USING gin (address gin_trgm_ops);
