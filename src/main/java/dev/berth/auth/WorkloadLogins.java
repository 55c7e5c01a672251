package dev.berth.auth;

/**
 * Robots' logins with a CI job's OIDC token (workload identity). Implemented outside {@code auth}
 * ({@code dev.berth.identity.workload}), which owns the trust rules and the issuers' keys;
 * {@link Logins} asks it about JWTs presented as a robot's password.
 */
public interface WorkloadLogins {

    /** No workload identity: every such token is refused. */
    WorkloadLogins NONE = (robot, token, clientAddress) -> {
        throw new AuthException("workload identity is not available");
    };

    /**
     * Whether {@code secret}, given for {@code username}, is meant as a CI job's token: a robot's name
     * and a compact JWS (three dot-separated base64url parts, the header a JSON object).
     */
    static boolean isWorkloadToken(String username, String secret) {
        if (username == null || secret == null || username.indexOf(Users.ROBOT_SEPARATOR) < 0
                || !secret.startsWith("eyJ")) {
            return false;
        }
        int first = secret.indexOf('.');
        int second = first < 0 ? -1 : secret.indexOf('.', first + 1);
        return second > first + 1 && secret.indexOf('.', second + 1) < 0 && second < secret.length() - 1;
    }

    /**
     * Checks the token against the robot's trust rules and records its use.
     *
     * @return what the token says about the job, for the audit trail ({@code issuer} and {@code sub})
     * @throws AuthException with the reason it is refused, for the audit trail only: the client is
     *                       told no more than that the login failed
     */
    String verify(UserAccount robot, String token, String clientAddress);
}
