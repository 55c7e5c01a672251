/**
 * Values of the OCI specs: digests, repository names, tags, references, media types, manifest
 * parsing and the error vocabulary. Depends on nothing else of Berth.
 */
package dev.berth.oci;
