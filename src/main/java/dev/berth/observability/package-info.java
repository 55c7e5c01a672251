/**
 * What operators watch: Micrometer meters (HTTP routes, blob bytes, uploads, registry size, tokens)
 * and one log line per request with its request id. Everything here observes from the outside:
 * a servlet filter, event listeners and gauges reading aggregate queries. No rule of the registry
 * lives here, and nothing below the HTTP layer depends on this package (LayeringTest).
 */
package dev.berth.observability;
