-- Retention, applied by garbage collection before its mark phase. Per namespace (scope = its
-- name) or per repository (scope = the full name; it replaces the namespace's for that one).
-- keep_last: the newest N tags by push time are kept; max_age_days: tags pushed within D days are
-- kept; keep_pattern: matching tags are always kept. A tag goes when keep_last or max_age_days is
-- set and none of them keeps it; an immutable tag never goes.
CREATE TABLE retention_policy (
    scope        VARCHAR(255) PRIMARY KEY,
    keep_last    INTEGER,
    keep_pattern VARCHAR(128),
    max_age_days INTEGER,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE gc_run ADD COLUMN tags_deleted BIGINT DEFAULT 0 NOT NULL;
