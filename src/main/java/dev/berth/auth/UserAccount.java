package dev.berth.auth;

import dev.berth.metadata.UserEntity;

/**
 * A user as the access rules see it.
 *
 * @param passwordVersion raised by each password change; tokens carry the one they were issued under
 */
public record UserAccount(long id, String username, boolean admin, boolean enabled, boolean robot,
                          int passwordVersion) {

    static UserAccount of(UserEntity entity) {
        return new UserAccount(entity.getId(), entity.getUsername(), entity.isAdmin(), entity.isEnabled(),
                entity.isRobot(), entity.getPasswordVersion());
    }
}
