package dev.berth.identity;

import java.util.Optional;

/** A directory that checks people's passwords and knows their groups (LDAP: {@code identity.ldap}). */
public interface Directory {

    /**
     * Binds as the person found by the name they log in with.
     *
     * @return who they are, or empty when the directory does not know the name with this password
     * @throws DirectoryUnavailableException when the directory cannot be asked
     */
    Optional<ExternalIdentity> authenticate(String login, String password);

    /**
     * The person the directory knows as {@code subject} (their DN) now, groups included.
     *
     * @return empty when the directory no longer has them
     * @throws DirectoryUnavailableException when the directory cannot be asked
     */
    Optional<ExternalIdentity> find(String subject);

    /** The directory did not answer (down, unreachable, misconfigured): nothing is known about the person. */
    final class DirectoryUnavailableException extends RuntimeException {

        public DirectoryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
