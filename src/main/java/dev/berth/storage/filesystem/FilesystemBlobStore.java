package dev.berth.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.PrivateFiles;
import dev.berth.storage.StoredBlob;

/**
 * Blobs on a local file system.
 *
 * <pre>
 * &lt;root&gt;/blobs/sha256/ab/abcdef...   one file per blob, named by its digest
 * &lt;root&gt;/uploads/&lt;uuid&gt;             one file per upload area
 * </pre>
 *
 * File names come only from validated digests and from handles this store generated, so no
 * client input ever becomes a path. Directories are made {@code 0700} and files {@code 0600}
 * ({@link PrivateFiles}): blobs of private repositories are no one else's to read. A commit fsyncs the file, renames it into place atomically and
 * fsyncs the directory, so a blob the database knows survives a crash.
 */
public final class FilesystemBlobStore implements BlobStore {

    private static final int COPY_BUFFER = 256 * 1024;
    /**
     * Blob reads into a response. Tomcat sends a direct buffer to the socket without copying it in
     * 64 KiB slices but keeps the last slice of each write back in its own array, so four slices per
     * read leave a quarter of the bytes to be copied. Larger reads outgrow the CPU's cache and lost
     * on loopback (bench/RESULTS.md).
     */
    private static final int READ_BUFFER = 256 * 1024;
    /** 16 MiB at most, kept for as many concurrent blob reads. */
    private static final int IDLE_READ_BUFFERS = 64;

    private final DirectBufferPool readBuffers = new DirectBufferPool(READ_BUFFER, IDLE_READ_BUFFERS);

    private final Path blobsRoot;
    private final Path uploadsRoot;

    public FilesystemBlobStore(Path root) throws IOException {
        this.blobsRoot = root.resolve("blobs");
        this.uploadsRoot = root.resolve("uploads");
        PrivateFiles.createDirectories(blobsRoot);
        PrivateFiles.createDirectories(uploadsRoot);
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        try {
            return Optional.of(Files.size(blobPath(digest)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<StoredBlob> open(Digest digest) throws IOException {
        Path path = blobPath(digest);
        try {
            return Optional.of(new FileBlob(path, FileChannel.open(path, StandardOpenOption.READ), readBuffers));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(blobPath(digest));
    }

    @Override
    public String createUpload() throws IOException {
        String handle = UUID.randomUUID().toString();
        PrivateFiles.createFile(uploadsRoot.resolve(handle));
        return handle;
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
    public InputStream readUpload(String handle, long length) throws IOException {
        InputStream in = Files.newInputStream(uploadPath(handle));
        return new java.io.FilterInputStream(in) {
            private long remaining = length;

            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    remaining--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                return n;
            }
        };
    }

    @Override
    public void commit(String handle, long length, Digest digest) throws IOException {
        Path upload = uploadPath(handle);
        Path target = blobPath(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(upload);
            return;
        }
        try (FileChannel channel = FileChannel.open(upload, StandardOpenOption.WRITE)) {
            if (channel.size() > length) {
                channel.truncate(length);
            }
            channel.force(true);
        }
        PrivateFiles.createDirectories(target.getParent());
        try {
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the uploads and blobs directories must be on one file system", e);
        } catch (FileAlreadyExistsException e) {
            // Another commit of the same content won the race; its bytes are identical.
            Files.deleteIfExists(upload);
            return;
        }
        syncDirectory(target.getParent());
    }

    @Override
    public void abort(String handle) throws IOException {
        Files.deleteIfExists(uploadPath(handle));
    }

    @Override
    public boolean sharedBetweenProcesses() {
        return false;
    }

    @Override
    public void check() throws IOException {
        for (Path directory : List.of(blobsRoot, uploadsRoot)) {
            if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
                throw new IOException(directory + " is not a writable directory");
            }
        }
    }

    @Override
    public List<String> uploadsOlderThan(Instant cutoff) throws IOException {
        List<String> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(uploadsRoot)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        result.add(file.getFileName().toString());
                    }
                } catch (NoSuchFileException e) {
                    // finished meanwhile
                }
            }
        }
        return result;
    }

    private Path blobPath(Digest digest) {
        return blobsRoot.resolve(digest.algorithm().prefix()).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    private Path uploadPath(String handle) {
        // Handles are UUIDs this store made; refuse anything else rather than resolve it.
        UUID.fromString(handle);
        if (handle.length() != 36) {
            throw new IllegalArgumentException("not an upload handle of this store");
        }
        return uploadsRoot.resolve(handle);
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories; the rename is still atomic there.
        }
    }

    private record FileBlob(Path path, FileChannel channel, DirectBufferPool readBuffers) implements StoredBlob {

        @Override
        public long size() {
            try {
                return channel.size();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * Zero-copy into files and sockets. Into any other channel (a servlet response) it reads
         * with {@code pread} into a pooled 256 KiB direct buffer, with no temporary buffer of the JDK's,
         * and hands that buffer to the target. The JDK's own fallback for such targets moves 8 KiB
         * at a time.
         */
        @Override
        public void transferTo(long position, long count, WritableByteChannel target) throws IOException {
            long end = position + count;
            long at = position;
            if (target instanceof FileChannel || target instanceof SelectableChannel) {
                while (at < end) {
                    long sent = channel.transferTo(at, end - at, target);
                    if (sent <= 0) {
                        throw new IOException("short read from " + path);
                    }
                    at += sent;
                }
                return;
            }
            ByteBuffer buffer = readBuffers.acquire();
            try {
                while (at < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                    int read = channel.read(buffer, at);
                    if (read < 0) {
                        throw new IOException("short read from " + path);
                    }
                    at += read;
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        target.write(buffer);
                    }
                }
            } finally {
                // A channel's write is done with the buffer when it returns; nothing else holds it.
                readBuffers.release(buffer);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
