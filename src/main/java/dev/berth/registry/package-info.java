/**
 * The registry's rules: repositories and their blob links, the upload state machine, manifest
 * validation, tags, referrers and the catalog. Opens the transactions; testable without HTTP.
 * Write order is storage first, database second.
 */
package dev.berth.registry;
