package dev.berth.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.UploadRow;
import dev.berth.metadata.UploadRows;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.UploadRangeException;
import dev.berth.support.MutableClock;
import dev.berth.support.RegistryDomainTest;

/** A chunk's claim on its session: granted once, renewed while bytes arrive, and lost for good when taken over. */
class SessionClaimsTest extends RegistryDomainTest {

    private static final Duration TTL = Duration.ofMinutes(2);

    @Autowired
    UploadRows sessions;
    @Autowired
    TransactionTemplate transactions;

    private final MutableClock clock = new MutableClock(Instant.now());

    @Test
    void claim_sessionAlreadyClaimed_answers416() {
        SessionClaims claims = new SessionClaims(sessions, transactions, clock, TTL);
        UploadRow upload = newSession();
        claims.claim(upload, null);

        assertThatThrownBy(() -> claims.claim(session(upload), 0L)).isInstanceOf(UploadRangeException.class);
    }

    @Test
    void renewing_whileBytesArrive_extendsTheClaim() throws Exception {
        SessionClaims claims = new SessionClaims(sessions, transactions, clock, TTL);
        UploadRow upload = newSession();
        SessionClaims.Claim claim = claims.claim(upload, null);
        Instant firstExpiry = session(upload).claimedUntil();

        try (InputStream body = claims.renewing(upload, claim, stream(bytes("more bytes")))) {
            clock.advance(Duration.ofMinutes(1));
            body.readAllBytes();
        }

        assertThat(session(upload).claimedUntil()).isAfter(firstExpiry);
    }

    @Test
    void renewing_claimTakenOverDuringAStall_failsBeforeHandingOnAnotherByte() throws Exception {
        SessionClaims claims = new SessionClaims(sessions, transactions, clock, TTL);
        UploadRow upload = newSession();
        SessionClaims.Claim claim = claims.claim(upload, null);
        InputStream body = claims.renewing(upload, claim, stream(bytes("a chunk that stalls")));
        // The writer stalls past its claim; another replica finds the claim expired and takes the session.
        clock.advance(TTL.plusSeconds(1));
        SessionClaims other = new SessionClaims(sessions, transactions, clock, TTL);
        SessionClaims.Claim taken = other.claim(session(upload), 0L);

        assertThatThrownBy(() -> body.read(new byte[8])).isInstanceOf(UploadRangeException.class);
        assertThat(claims.advance(upload, claim, 8, upload.hashState(), upload.storageHandle())).isFalse();
        assertThat(other.advance(upload, taken, 0, upload.hashState(), upload.storageHandle())).isTrue();
        assertThat(session(upload).offset()).isZero();
    }

    private UploadRow newSession() {
        RepositoryName repository = uniqueRepository("claims");
        return session(uploads.start(repository).id().value());
    }

    private UploadRow session(UploadRow upload) {
        return session(upload.id());
    }

    private UploadRow session(String id) {
        return sessions.find(id).orElseThrow();
    }
}
