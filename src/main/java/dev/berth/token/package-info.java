/**
 * The token endpoint of the Docker token authentication spec: {@code GET /token} (Basic or no
 * credentials) and the OAuth2 {@code POST /token} (password and refresh-token grants).
 */
package dev.berth.token;
