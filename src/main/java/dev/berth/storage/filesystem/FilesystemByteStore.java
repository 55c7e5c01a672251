package dev.berth.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.berth.storage.BlobLayout;
import dev.berth.storage.BlobStore.Written;
import dev.berth.storage.ByteStore;
import dev.berth.storage.PrivateFiles;
import dev.berth.storage.StoredBlob;

/**
 * Blobs on a local file system: each {@link BlobLayout} key is a file under the root, an upload
 * area is one file ({@code uploads/<area>}), and its handle is the area's name. Directories are made
 * {@code 0700} and files {@code 0600} ({@link PrivateFiles}): blobs of private repositories are no
 * one else's to read. Sealing fsyncs the file and promoting renames it into place atomically and
 * fsyncs the directory, so a blob the database knows survives a crash.
 */
public final class FilesystemByteStore implements ByteStore {

    private static final int COPY_BUFFER = 256 * 1024;

    private final Path root;
    private final Path uploadsRoot;

    public FilesystemByteStore(Path root) throws IOException {
        this.root = root;
        this.uploadsRoot = root.resolve(BlobLayout.UPLOADS);
        PrivateFiles.createDirectories(root.resolve("blobs"));
        PrivateFiles.createDirectories(uploadsRoot);
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        try {
            return Optional.of(Files.size(root.resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<StoredBlob> open(String key) throws IOException {
        Path path = root.resolve(key);
        try {
            return Optional.of(new FileBlob(path, FileChannel.open(path, StandardOpenOption.READ)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(root.resolve(key));
    }

    @Override
    public String createUpload(String area) throws IOException {
        PrivateFiles.createFile(uploadsRoot.resolve(area));
        return area;
    }

    @Override
    public Written write(String handle, long offset, InputStream data) throws IOException {
        try (FileChannel channel = FileChannel.open(uploadPath(handle), StandardOpenOption.WRITE)) {
            if (channel.size() > offset) {
                channel.truncate(offset);
            }
            channel.position(offset);
            byte[] buffer = new byte[COPY_BUFFER];
            ByteBuffer wrapper = ByteBuffer.wrap(buffer);
            long written = 0;
            int read;
            while ((read = data.read(buffer)) != -1) {
                wrapper.clear().limit(read);
                while (wrapper.hasRemaining()) {
                    channel.write(wrapper);
                }
                written += read;
            }
            return new Written(handle, written);
        }
    }

    @Override
    public String areaOf(String handle) {
        return BlobLayout.requireArea(handle);
    }

    @Override
    public InputStream readUpload(String handle, long length) throws IOException {
        return new BoundedInputStream(Files.newInputStream(uploadPath(handle)), length);
    }

    /** The file always holds what the last write left, so it is sealed as written. */
    @Override
    public Sealed seal(String handle, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(uploadPath(handle), StandardOpenOption.WRITE)) {
            if (channel.size() > length) {
                channel.truncate(length);
            }
            channel.force(true);
        }
        return Sealed.AS_WRITTEN;
    }

    @Override
    public void promote(String handle, long length, String key) throws IOException {
        Path upload = uploadPath(handle);
        Path target = root.resolve(key);
        PrivateFiles.createDirectories(target.getParent());
        try {
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the uploads and blobs directories must be on one file system", e);
        } catch (FileAlreadyExistsException e) {
            // Another commit of the same content won the race; its bytes are identical.
            return;
        }
        syncDirectory(target.getParent());
    }

    @Override
    public void discard(String area) throws IOException {
        Files.deleteIfExists(uploadPath(area));
    }

    @Override
    public List<UploadActivity> uploads() throws IOException {
        List<UploadActivity> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(uploadsRoot)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String area = BlobLayout.areaOfKey(BlobLayout.UPLOADS + file.getFileName());
                if (area == null) {
                    continue;
                }
                try {
                    result.add(new UploadActivity(area, Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException e) {
                    // finished meanwhile
                }
            }
        }
        return result;
    }

    @Override
    public boolean sharedBetweenProcesses() {
        return false;
    }

    @Override
    public void check() throws IOException {
        for (Path directory : List.of(root.resolve("blobs"), uploadsRoot)) {
            if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
                throw new IOException(directory + " is not a writable directory");
            }
        }
    }

    private Path uploadPath(String handle) {
        // Handles are area names this store's layout made; refuse anything else rather than resolve it.
        return uploadsRoot.resolve(BlobLayout.requireArea(handle));
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories; the rename is still atomic there.
        }
    }
}
