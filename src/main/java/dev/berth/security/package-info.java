/**
 * The web side of authentication: Spring Security's filter chain, and the filter that turns a
 * request's credentials (HTTP Basic, or a Bearer registry token) into a {@link dev.berth.auth.Caller}.
 * Identifies only: the endpoints decide what the caller may do and answer refusals their own way.
 */
package dev.berth.security;
