package dev.berth.oci;

/**
 * A chunk that does not start where the upload session stands (416). Carries the session's
 * current offset so the client can be told where to resume.
 */
public final class UploadRangeException extends OciException {

    private final long currentOffset;

    public UploadRangeException(long currentOffset, String detail) {
        super(OciErrorCode.RANGE_INVALID, detail);
        this.currentOffset = currentOffset;
    }

    public long currentOffset() {
        return currentOffset;
    }
}
