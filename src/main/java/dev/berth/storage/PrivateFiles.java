package dev.berth.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only the user Berth runs as can read: directories {@code 0700}, files
 * {@code 0600}, whatever the umask (which can only take permissions away, never add them). On a
 * file system without POSIX permissions they are created plainly.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the directory and any missing parents as {@code 0700}; existing ones are left as they are. */
    public static Path createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        return posix(directory)
                ? Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY))
                : Files.createDirectories(directory);
    }

    /** Creates a new, empty {@code 0600} file; fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        return posix(file.getParent()) ? Files.createFile(file, fileAttribute()) : Files.createFile(file);
    }

    /** Creates the file as {@code 0600} unless it exists. */
    public static void createFileIfAbsent(Path file) throws IOException {
        try {
            createFile(file);
        } catch (FileAlreadyExistsException exists) {
            // kept as it is; restrict() tightens an existing one
        }
    }

    /** Sets an existing file or directory to {@code 0600} / {@code 0700}; true if it was more open before. */
    public static boolean restrict(Path path) throws IOException {
        if (!Files.exists(path) || !posix(path)) {
            return false;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(path) ? DIRECTORY : FILE;
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (current.equals(wanted)) {
            return false;
        }
        Files.setPosixFilePermissions(path, wanted);
        return true;
    }

    private static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    private static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
