/**
 * Reading blobs through a repository: every read checks the repository's link first, so a digest
 * pushed elsewhere is unknown here. Also unlinking a blob from one repository.
 */
package dev.berth.registry.blob;
