package dev.berth.oci;

/**
 * The error codes of the OCI Distribution spec, each with the HTTP status it is answered with.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">spec: error codes</a>
 */
public enum OciErrorCode {
    /** Blob unknown to registry. */
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    /** Blob upload is invalid, e.g. a chunk out of order or a size that does not match. */
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    /** The upload session is unknown to the registry (never existed, finished, cancelled or expired). */
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    /** The provided digest did not match the uploaded content, or is malformed. */
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    /** A manifest references a blob (or child manifest) the repository does not have. */
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    /** The manifest is malformed or breaks a rule of the image spec. */
    MANIFEST_INVALID(400, "manifest invalid"),
    /** The manifest is unknown to the repository. */
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    /** The repository name is not valid. */
    NAME_INVALID(400, "invalid repository name"),
    /** The repository is not known to the registry. */
    NAME_UNKNOWN(404, "repository name not known to registry"),
    /** The `n` pagination parameter is not a valid number. */
    PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
    /** A range in a request could not be satisfied. */
    RANGE_INVALID(416, "invalid content range"),
    /** The content length does not match the content received. */
    SIZE_INVALID(400, "provided length did not match content length"),
    /** Authentication is required. */
    UNAUTHORIZED(401, "authentication required"),
    /** Access to the resource is denied. */
    DENIED(403, "requested access to the resource is denied"),
    /** The operation is not supported by this registry. */
    UNSUPPORTED(405, "the operation is unsupported"),
    /** The client sent too many requests. */
    TOOMANYREQUESTS(429, "too many requests"),
    /** A service the registry depends on (a mirrored upstream) is down; as CNCF Distribution answers it. */
    UNAVAILABLE(503, "service unavailable"),
    /** Something went wrong inside the registry; not the client's fault. */
    UNKNOWN(500, "unknown error");

    private final int httpStatus;
    private final String message;

    OciErrorCode(int httpStatus, String message) {
        this.httpStatus = httpStatus;
        this.message = message;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The spec's short message for this code. */
    public String message() {
        return message;
    }
}
