-- Listings page by "name > last ORDER BY name": that must be byte order, the same on every
-- database, or names such as 'A' and 'a', or '0.1.2' and '0.1.20', repeat or vanish across pages.
ALTER TABLE repository ALTER COLUMN name TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE tag ALTER COLUMN name TYPE VARCHAR(128) COLLATE "C";
