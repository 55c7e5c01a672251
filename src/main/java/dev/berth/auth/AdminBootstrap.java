package dev.berth.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import dev.berth.config.AuthProperties;
import dev.berth.config.BerthProperties;

/**
 * On the first start with authentication on, creates the {@code admin} user: with
 * {@code berth.auth.admin-password} when set, otherwise with a generated password that is printed
 * once and written to {@code <data-dir>/admin-password}, readable by its owner only. With
 * authentication off, warns at every start. Runs before the server takes requests, so the first
 * login never races the creation of the account it logs in to.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Users users;
    private final AuthProperties auth;
    private final BerthProperties berth;

    AdminBootstrap(Users users, AuthProperties auth, BerthProperties berth) {
        this.users = users;
        this.auth = auth;
        this.berth = berth;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!auth.enabled()) {
            log.warn("""

                    ********************************************************************
                    * AUTHENTICATION IS OFF (berth.auth.enabled=false): anyone who can *
                    * reach this registry can pull, push and delete every image.       *
                    ********************************************************************""");
            return;
        }
        if (users.exists(ADMIN)) {
            return;
        }
        String password = auth.adminPassword();
        boolean generated = password == null || password.isEmpty();
        if (generated) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        try {
            users.create(ADMIN, password, true);
        } catch (IllegalArgumentException raced) {
            return; // another replica created it first
        }
        if (generated) {
            Path file = berth.dataDir().resolve("admin-password");
            writeOwnerOnly(file, password);
            log.warn("Created user 'admin' with a generated password, shown this once and kept in {}:\n\n    {}\n",
                    file.toAbsolutePath(), password);
        } else {
            log.info("Created user 'admin' with the password from berth.auth.admin-password");
        }
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin password to " + file, e);
        }
    }
}
