-- H2 already compares strings by code point, which for the ASCII of names and tags is byte
-- order; PostgreSQL's V2 sets the "C" collation to match. Both databases keep the same versions.
COMMENT ON COLUMN tag.name IS 'compared by code point: byte order for the ASCII the tag grammar allows';
