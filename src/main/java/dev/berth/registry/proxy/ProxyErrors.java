package dev.berth.registry.proxy;

import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;

/** What a client is told when an upstream failed it and nothing cached could stand in. */
final class ProxyErrors {

    private ProxyErrors() {
    }

    static OciException toClient(UpstreamException e, OciErrorCode unknown) {
        return switch (e.kind()) {
            case NOT_FOUND -> new OciException(unknown, e.getMessage());
            case UNAUTHORIZED -> new OciException(OciErrorCode.UNAUTHORIZED, e.getMessage());
            default -> new OciException(OciErrorCode.UNAVAILABLE, e.getMessage());
        };
    }
}
