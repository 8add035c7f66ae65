-- The application schema and the extensions later migrations rely on.
-- PostGIS backs collection_points (geography(Point, 4326) with a GiST index).
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS growbin;
