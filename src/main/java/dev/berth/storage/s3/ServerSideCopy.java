package dev.berth.storage.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/** Multipart bookkeeping: completing and aborting uploads, and copies inside the bucket of any size. */
final class ServerSideCopy {

    /** The largest object one CopyObject may copy; bigger ones are copied part by part. */
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private static final long COPY_PART_SIZE = 1024L * 1024 * 1024;

    /** S3's limit on parts per upload. */
    private static final int MAX_PARTS = 10_000;

    private ServerSideCopy() {
    }

    /** Copies {@code source} to {@code target}; objects over 5 GiB, which CopyObject refuses, part by part. */
    static void copy(S3Objects objects, String source, String target, long length) throws IOException {
        String bucket = objects.bucket();
        if (length <= MAX_SINGLE_COPY) {
            objects.call("copying an upload to its content address", () -> objects.client().copyObject(b -> b
                    .sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target)));
            return;
        }
        String uploadId = objects.call("starting a copy", () -> objects.client()
                .createMultipartUpload(b -> b.bucket(bucket).key(target)).uploadId());
        try {
            List<String> etags = new ArrayList<>();
            long partSize = Math.max(COPY_PART_SIZE, (length + MAX_PARTS - 1) / MAX_PARTS);
            for (long position = 0; position < length; position += partSize) {
                int number = etags.size() + 1;
                String range = "bytes=" + position + "-" + (Math.min(position + partSize, length) - 1);
                etags.add(objects.call("copying part " + number, () -> objects.client().uploadPartCopy(b -> b
                        .sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target)
                        .uploadId(uploadId).partNumber(number).copySourceRange(range)).copyPartResult().eTag()));
            }
            complete(objects, target, uploadId, etags, "completing a copy");
        } catch (IOException | RuntimeException e) {
            try {
                objects.client().abortMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId));
            } catch (SdkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Completes a multipart upload from its parts' ETags, in part order from 1. */
    static void complete(S3Objects objects, String key, String uploadId, List<String> etags, String what)
            throws IOException {
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < etags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        }
        objects.call(what, () -> objects.client().completeMultipartUpload(b -> b.bucket(objects.bucket())
                .key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    }

    /** Aborts a multipart upload; one already gone is not an error. */
    static void abortQuietly(S3Objects objects, String key, String uploadId) throws IOException {
        try {
            objects.call("aborting upload " + key, () -> objects.client().abortMultipartUpload(
                    b -> b.bucket(objects.bucket()).key(key).uploadId(uploadId)));
        } catch (IOException e) {
            if (!(e.getCause() instanceof NoSuchUploadException)) {
                throw e;
            }
        }
    }
}
