package dev.berth.registry.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

/** An upstream's answer with its body still to read; closing it returns the connection to the pool. */
final class UpstreamResponse implements Closeable {

    private final HttpURLConnection connection;
    private final int status;

    UpstreamResponse(HttpURLConnection connection, int status) {
        this.connection = connection;
        this.status = status;
    }

    int status() {
        return status;
    }

    String header(String name) {
        return connection.getHeaderField(name);
    }

    /** The body's length as declared, or -1. */
    long contentLength() {
        return connection.getContentLengthLong();
    }

    InputStream body() throws IOException {
        return status >= 400 ? nullToEmpty(connection.getErrorStream()) : connection.getInputStream();
    }

    private static InputStream nullToEmpty(InputStream stream) {
        return stream == null ? InputStream.nullInputStream() : stream;
    }

    @Override
    public void close() {
        try {
            body().close();
        } catch (IOException e) {
            connection.disconnect();
        }
    }

    /** Drops the connection rather than reading the rest of a body nobody wants. */
    void abort() {
        connection.disconnect();
    }
}
