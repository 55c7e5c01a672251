/**
 * The S3 back-end: upload areas as multipart uploads whose state travels in the upload handle,
 * server-side copies to the content address, optional redirects to presigned URLs.
 */
package dev.berth.storage.s3;
