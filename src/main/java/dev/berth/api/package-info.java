/**
 * What the {@code /api/v1} controllers (admin and browse) share: who the caller is, RFC 9457
 * problem details for every refusal, and paged responses with {@code Link} headers.
 */
package dev.berth.api;
