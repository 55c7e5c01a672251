package dev.berth.registry.upload;

import java.util.UUID;

import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;

/** An upload session id as it appears in URLs: a UUID the registry issued. */
public record UploadId(String value) {

    public UploadId {
        if (value == null || value.length() != 36 || !isUuid(value)) {
            throw new OciException(OciErrorCode.BLOB_UPLOAD_UNKNOWN, "unknown upload session");
        }
    }

    static UploadId random() {
        return new UploadId(UUID.randomUUID().toString());
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
