package dev.berth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import dev.berth.storage.PrivateFiles;

/**
 * Makes {@code berth.data-dir} private before anything writes to it: the directory {@code 0700},
 * the embedded database's files {@code 0600} (the H2 file holds the token signing keys and password
 * hashes), whatever the umask. The database file is created here, empty, so H2 never creates it
 * with the umask's mode; existing installations are tightened at start. Blobs and uploads get the
 * same modes from the filesystem store, the admin password file from its writer.
 */
final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final String H2_FILE_PREFIX = "jdbc:h2:file:";
    private static final String[] H2_FILE_SUFFIXES = {".mv.db", ".trace.db", ".lock.db"};

    private DataDirectory() {
    }

    static void prepare(Environment environment) {
        Path dataDir = Path.of(environment.getProperty("berth.data-dir", "./data"));
        List<Path> tightened = new ArrayList<>();
        try {
            PrivateFiles.createDirectories(dataDir);
            if (PrivateFiles.restrict(dataDir)) {
                tightened.add(dataDir);
            }
            restrictIfPresent(dataDir.resolve("admin-password"), tightened);
            Path database = h2File(environment.getProperty("spring.datasource.url", ""));
            if (database != null) {
                Path directory = database.toAbsolutePath().getParent();
                PrivateFiles.createDirectories(directory);
                if (PrivateFiles.restrict(directory)) {
                    tightened.add(directory);
                }
                PrivateFiles.createFileIfAbsent(Path.of(database + H2_FILE_SUFFIXES[0]));
                for (String suffix : H2_FILE_SUFFIXES) {
                    restrictIfPresent(Path.of(database + suffix), tightened);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare berth.data-dir " + dataDir.toAbsolutePath(), e);
        }
        if (!tightened.isEmpty()) {
            log.info("Made private to this user (directories 0700, files 0600): {}", tightened);
        }
    }

    private static void restrictIfPresent(Path path, List<Path> tightened) throws IOException {
        if (PrivateFiles.restrict(path)) {
            tightened.add(path);
        }
    }

    /** The path of an embedded H2 file database (without H2's suffix), or null for any other database. */
    static Path h2File(String url) {
        if (!url.startsWith(H2_FILE_PREFIX)) {
            return null;
        }
        String path = url.substring(H2_FILE_PREFIX.length());
        int options = path.indexOf(';');
        return Path.of(options < 0 ? path : path.substring(0, options));
    }
}
