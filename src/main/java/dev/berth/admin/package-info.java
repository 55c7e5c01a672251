/**
 * The admin REST API under {@code /api/v1}: JSON in and out, paged listings, errors as RFC 9457
 * problem details, described as OpenAPI at {@code /api/v1/openapi.json}. Translates requests into
 * calls on the admin use cases of {@code dev.berth.management}, which hold every rule.
 */
package dev.berth.admin;
