-- The pull-through cache. When a cached tag was last confirmed against its upstream (null for
-- pushed tags, which nobody revalidates): a tag younger than its TTL is answered locally.
ALTER TABLE tag ADD COLUMN revalidated_at TIMESTAMP WITH TIME ZONE;

-- When a manifest was last pulled, written in batches rather than per request: what eviction of
-- cached images orders by.
ALTER TABLE manifest ADD COLUMN last_pulled_at TIMESTAMP WITH TIME ZONE;

-- One fetch of a thing from an upstream at a time, across replicas: the holder renews its lease
-- while bytes arrive; a lease past expires_at belongs to a replica that died, and anyone may take it.
CREATE TABLE proxy_fetch (
    fetch_key  VARCHAR(600) PRIMARY KEY,
    holder     VARCHAR(36) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
