package dev.berth.registry.proxy;

import java.io.IOException;
import java.io.OutputStream;

/** The client of a blob fetched while it streams: told the size, then handed the bytes as they arrive. */
public interface BlobReceiver {

    /**
     * The upstream answered: sets the response's headers and returns where its bytes go.
     *
     * @param size the blob's size as the upstream declared it, or -1
     */
    OutputStream start(long size) throws IOException;
}
