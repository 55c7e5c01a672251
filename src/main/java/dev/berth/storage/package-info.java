/**
 * The blob store port: bytes by digest and upload areas. Knows nothing of repositories,
 * manifests or HTTP. Implementations live in sub-packages, one per back-end.
 */
package dev.berth.storage;
