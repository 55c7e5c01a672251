/**
 * Workload identity: CI jobs (GitHub Actions, GitLab CI, Kubernetes service accounts, any OIDC
 * issuer) log in as robots with the OIDC token their platform gives them, so no secret is stored in
 * CI. Owns the robots' trust rules (issuer, audience, claim conditions), the trusted issuers' keys
 * (discovered, cached, refetched on rotation, never fetched for an issuer an admin did not list),
 * and the check of a token, including its replay. Plugs into {@code auth} as its
 * {@link dev.berth.auth.WorkloadLogins}; {@code auth} knows nothing of it.
 */
package dev.berth.identity.workload;
