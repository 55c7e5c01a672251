-- A chunk claims its upload session while it streams, so no second writer (a client retrying a
-- chunk still in flight) writes the same upload. The claim used to be the offset negated; now it is
-- explicit, and it expires by itself: a replica that dies mid-chunk leaves a claim any replica may
-- take over once claimed_until has passed. The writer renews it while bytes arrive.
ALTER TABLE upload ADD COLUMN claimed_by VARCHAR(36);
ALTER TABLE upload ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
UPDATE upload SET upload_offset = -upload_offset - 1 WHERE upload_offset < 0;
