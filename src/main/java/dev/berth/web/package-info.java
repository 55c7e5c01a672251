/**
 * What the registry's own protocols ({@code /v2} and {@code /token}) share: the one advice that
 * writes their errors as the spec's {@code {"errors":[...]}} body (with the token endpoint's OAuth2
 * fields), the Bearer challenge of the token spec, and the {@code Retry-After} header that every
 * throttled answer carries, {@code /api/v1}'s included.
 */
package dev.berth.web;
