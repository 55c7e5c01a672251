package dev.berth.storage.s3;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.berth.storage.BlobLayout;

/**
 * Everything another process needs to continue an S3 upload, written as the upload's handle:
 *
 * <pre>
 * s3v1 &lt;area&gt; &lt;upload id&gt; &lt;part size&gt; &lt;tail length&gt; &lt;tail id or -&gt; &lt;etag of part 1&gt; &lt;etag of part 2&gt; ...
 * </pre>
 *
 * Parts are numbered from 1 and all {@code partSize} long; the tail, shorter than a part, follows
 * them. The area and the tail id are UUIDs this store made, so no handle can name another key.
 */
record UploadState(String area, String uploadId, int partSize, List<String> etags, int tailLength, String tail) {

    private static final String VERSION = "s3v1";

    UploadState {
        etags = List.copyOf(etags);
    }

    static UploadState start(String area, String uploadId, int partSize) {
        return new UploadState(area, uploadId, partSize, List.of(), 0, null);
    }

    /** The bytes the upload holds. */
    long length() {
        return (long) etags.size() * partSize + tailLength;
    }

    String encode() {
        StringBuilder out = new StringBuilder(VERSION).append(' ').append(area).append(' ')
                .append(URLEncoder.encode(uploadId, StandardCharsets.UTF_8)).append(' ').append(partSize)
                .append(' ').append(tailLength).append(' ').append(tail == null ? "-" : tail);
        for (String etag : etags) {
            out.append(' ').append(URLEncoder.encode(etag, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    static UploadState parse(String handle) {
        String[] fields = handle.split(" ");
        if (fields.length < 6 || !VERSION.equals(fields[0])) {
            throw new IllegalArgumentException("not an upload handle of the S3 store");
        }
        String area = uuid(fields[1]);
        String uploadId = URLDecoder.decode(fields[2], StandardCharsets.UTF_8);
        int partSize = Integer.parseInt(fields[3]);
        int tailLength = Integer.parseInt(fields[4]);
        String tail = "-".equals(fields[5]) ? null : uuid(fields[5]);
        if (partSize <= 0 || tailLength < 0 || tailLength >= partSize || (tail == null) != (tailLength == 0)) {
            throw new IllegalArgumentException("inconsistent S3 upload handle");
        }
        List<String> etags = new ArrayList<>();
        Arrays.stream(fields, 6, fields.length).forEach(e -> etags.add(URLDecoder.decode(e, StandardCharsets.UTF_8)));
        return new UploadState(area, uploadId, partSize, etags, tailLength, tail);
    }

    /** The area of a handle, or of an area name as {@code uploadsOlderThan} lists it. */
    static String areaOf(String handleOrArea) {
        return handleOrArea.startsWith(VERSION + " ") ? parse(handleOrArea).area() : uuid(handleOrArea);
    }

    static String stripQuotes(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** Areas and tails are both named the way BlobLayout names areas; nothing else is a valid key part. */
    private static String uuid(String value) {
        return BlobLayout.requireArea(value);
    }
}
