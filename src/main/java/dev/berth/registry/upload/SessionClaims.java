package dev.berth.registry.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.UploadRow;
import dev.berth.metadata.UploadRows;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.UploadRangeException;

/**
 * Makes one request the only writer of an upload session while its chunk streams: a concurrent
 * chunk (a client retrying one still in flight) or completion gets 416 before it writes a byte.
 * Without this the loser kept writing into the upload after the winner had advanced it, and the
 * blob committed under the winner's digest held the loser's bytes.
 * <p>
 * A claim lasts {@code berth.uploads.claim-ttl} and is renewed while bytes arrive, every quarter
 * of that; a writer that cannot renew (its claim expired during a stall and another writer took
 * the session) stops before writing another byte. A replica that dies mid-chunk leaves a claim
 * that simply expires, and then any replica may continue the session.
 */
final class SessionClaims {

    /** A granted claim: its token, and the offset the chunk starts at. */
    record Claim(String token, long offset) {
    }

    private final UploadRows uploads;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration ttl;
    private final Duration renewAfter;

    SessionClaims(UploadRows uploads, TransactionTemplate transactions, Clock clock, Duration ttl) {
        this.uploads = uploads;
        this.transactions = transactions;
        this.clock = clock;
        this.ttl = ttl;
        this.renewAfter = ttl.dividedBy(4);
    }

    /**
     * Claims the session at its offset; {@code rangeStart}, when the client gave one, must be it.
     *
     * @throws UploadRangeException when the range does not start at the offset, or another writer holds it
     */
    Claim claim(UploadRow upload, Long rangeStart) {
        Instant now = clock.instant();
        if (upload.claimedAt(now)) {
            throw busy(upload.offset());
        }
        if (rangeStart != null && rangeStart != upload.offset()) {
            throw new UploadRangeException(upload.offset(),
                    "chunk starts at " + rangeStart + " but the upload stands at " + upload.offset());
        }
        String token = UUID.randomUUID().toString();
        Integer claimed = transactions.execute(status ->
                uploads.claim(upload.id(), upload.offset(), token, now, now.plus(ttl)));
        if (claimed == null || claimed == 0) {
            long current = uploads.find(upload.id()).map(UploadRow::offset)
                    .orElseThrow(UploadService::unknownUpload);
            throw busy(current);
        }
        return new Claim(token, upload.offset());
    }

    /** The chunk's bytes, renewing the claim as they arrive; the read fails once the claim is lost. */
    InputStream renewing(UploadRow upload, Claim claim, InputStream body) {
        return new FilterInputStream(body) {
            private Instant renewedAt = clock.instant();

            @Override
            public int read() throws IOException {
                int b = super.read();
                keep();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                keep();
                return n;
            }

            /** Before bytes are handed on to be written: renew when due, and stop when the claim is gone. */
            private void keep() {
                Instant now = clock.instant();
                if (Duration.between(renewedAt, now).compareTo(renewAfter) < 0) {
                    return;
                }
                Integer renewed = transactions.execute(status ->
                        uploads.renew(upload.id(), claim.token(), now, now.plus(ttl)));
                if (renewed == null || renewed == 0) {
                    throw busy(claim.offset());
                }
                renewedAt = now;
            }
        };
    }

    /** Records the session's new state and ends the claim; false when the claim was lost meanwhile. */
    boolean advance(UploadRow upload, Claim claim, long newOffset, byte[] hashState, String storageHandle) {
        Integer advanced = transactions.execute(status -> uploads.advance(upload.id(), claim.token(), claim.offset(),
                newOffset, hashState, storageHandle, clock.instant()));
        return advanced != null && advanced > 0;
    }

    /** Gives the claim back with the session unchanged (the chunk failed); a no-op when it is gone. */
    void release(UploadRow upload, Claim claim) {
        transactions.executeWithoutResult(status -> uploads.release(upload.id(), claim.token()));
    }

    static UploadRangeException busy(long offset) {
        return new UploadRangeException(offset, "another request is writing to this upload");
    }

}
