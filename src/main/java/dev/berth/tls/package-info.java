/**
 * HTTPS served by Berth itself ({@code berth.tls.*}): maps a PEM certificate and key onto Spring
 * Boot's SSL bundle for the web server (reloaded when the files change), checks them before the
 * server starts, and in self-signed mode keeps a local CA and a server certificate under
 * {@code <data-dir>/tls/}. Knows no registry, accounts or HTTP endpoints; everything here runs
 * before or beside the web server, never inside a request.
 */
package dev.berth.tls;
