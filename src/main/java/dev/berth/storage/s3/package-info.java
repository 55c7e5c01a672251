/**
 * Blobs in an S3 bucket: uploads as multipart uploads whose state travels in the upload handle,
 * blobs at their content address, optional redirects to presigned URLs.
 */
package dev.berth.storage.s3;
