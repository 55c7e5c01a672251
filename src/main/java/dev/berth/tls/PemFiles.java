package dev.berth.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.ssl.pem.PemContent;

import dev.berth.storage.PrivateFiles;

/**
 * Reads PEM with Spring Boot's own parser (the one the SSL bundle uses, so what passes here is what
 * the server loads) and writes certificates and PKCS#8 keys. Writes go to a temporary file in the
 * same directory and are renamed into place, so the bundle's file watcher never reads half a file.
 */
final class PemFiles {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order; empty when it holds none. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = PemContent.load(file).getCertificates();
        return certificates == null ? List.of() : certificates;
    }

    /** The private key of a PEM file, or null when it holds none. */
    static PrivateKey privateKey(Path file) throws IOException {
        return PemContent.load(file).getPrivateKey();
    }

    /** Writes the chain as PEM, readable by anyone who can enter the directory (a certificate is public). */
    static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate certificate : chain) {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode a certificate for " + file, e);
        }
        replace(file, pem.toString(), false);
    }

    /** Writes the key as unencrypted PKCS#8 PEM, {@code 0600}. */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        replace(file, block("PRIVATE KEY", key.getEncoded()), true);
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void replace(Path file, String content, boolean secret) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        PrivateFiles.createFile(temporary);
        try {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                out.write(content.getBytes(StandardCharsets.US_ASCII));
            }
            if (!secret && Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
