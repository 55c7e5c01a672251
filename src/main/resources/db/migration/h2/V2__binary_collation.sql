-- H2 already compares strings by code point, which for the ASCII of names and tags is byte
-- order; PostgreSQL's V2 sets the "C" collation to match. Kept so both have the same versions.
SELECT 1;
