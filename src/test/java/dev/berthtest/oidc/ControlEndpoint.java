package dev.berthtest.oidc;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a test may ask the provider beyond the protocol: a new signing key. */
@RestController
class ControlEndpoint {

    private final RotatingKeys keys;

    ControlEndpoint(RotatingKeys keys) {
        this.keys = keys;
    }

    /** Makes a new signing key (the previous one stays published) and answers its {@code kid}. */
    @PostMapping(path = "/test/keys/rotate", produces = "text/plain")
    String rotate() {
        return keys.rotate();
    }
}
