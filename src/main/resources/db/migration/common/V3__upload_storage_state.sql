-- The storage handle now carries the blob store's state of an upload (for S3: the multipart
-- upload id and the ETag of every part), so any replica can continue it; 255 characters hold
-- only a few parts.
ALTER TABLE upload ALTER COLUMN storage_handle SET DATA TYPE VARCHAR;
