package dev.berth.web;

/** Header names of the distribution API, and the value of an upload's {@code Range}. */
public final class RegistryHeaders {

    public static final String API_VERSION = "Docker-Distribution-API-Version";
    public static final String CONTENT_DIGEST = "Docker-Content-Digest";
    public static final String UPLOAD_UUID = "Docker-Upload-UUID";
    public static final String OCI_SUBJECT = "OCI-Subject";
    public static final String OCI_TAG = "OCI-Tag";
    public static final String OCI_FILTERS_APPLIED = "OCI-Filters-Applied";

    private RegistryHeaders() {
    }

    /** The {@code Range} of an upload that holds {@code offset} bytes: {@code 0-<last byte>}, no unit. */
    public static String uploadRange(long offset) {
        return "0-" + Math.max(0, offset - 1);
    }
}
