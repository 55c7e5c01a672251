-- A namespace's storage quota in bytes; null follows berth.quota.default (unset: unlimited).
ALTER TABLE namespace ADD COLUMN quota_bytes BIGINT;
