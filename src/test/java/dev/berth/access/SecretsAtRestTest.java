package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * What a shell on the host finds in the data directory: nothing another user can read (directory
 * {@code 0700}, files {@code 0600}, whatever the umask), and with a key-encryption secret no token
 * signing key in clear in the database.
 */
class SecretsAtRestTest {

    private static final String SECRET = "a-key-encryption-secret-of-some-length";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void start_freshDataDirectory_isPrivateToItsOwner(@TempDir Path parent) throws IOException {
        Path dataDir = parent.resolve("data");
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            berth.client().pushBlob("team/app", "some bytes".getBytes());
        }
        assumeH2();

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("db/berth.mv.db"))).isEqualTo("rw-------");
        try (var files = Files.walk(dataDir)) {
            for (Path path : files.toList()) {
                assertThat(mode(path)).as(path.toString()).isIn("rwx------", "rw-------");
            }
        }
    }

    @Test
    void start_dataDirectoryLeftOpenByAnOlderBerth_isTightened(@TempDir Path parent) throws IOException {
        assumeH2();
        Path dataDir = parent.resolve("data");
        Files.createDirectories(dataDir.resolve("db"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.createFile(dataDir.resolve("db/berth.mv.db"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            assertThat(berth.client().get("/v2/").statusCode()).isEqualTo(200);
        }

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(mode(dataDir.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
    }

    @Test
    void keyEncryptionSecret_sealsTheSigningKeysAndOnlyThatSecretOpensThem(@TempDir Path dataDir) throws IOException {
        String token;
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            token = token(berth.client());
            assertThat(privateKeys(berth)).allSatisfy(key -> assertThat(key[0]).isEqualTo((byte) 0x30));
        }
        Path secretFile = Files.writeString(dataDir.resolve("kek"), SECRET + "\n");

        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.auth.key-encryption-secret-file=" + secretFile)) {
            List<byte[]> keys = privateKeys(berth);
            assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(new String(key, 0, 4)).isEqualTo("BKE1"));
            assertThat(berth.client().withBearer(token).get("/v2/").statusCode()).isEqualTo(200);
            token = token(berth.client());
        }

        assertThatThrownBy(() -> StandaloneBerth.start(dataDir).close())
                .hasStackTraceContaining("berth.auth.key-encryption-secret");
        assertThatThrownBy(() -> StandaloneBerth.start(dataDir,
                "berth.auth.key-encryption-secret=some-other-secret-entirely").close())
                .hasStackTraceContaining("encrypted with another secret");
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.auth.key-encryption-secret=" + SECRET)) {
            assertThat(berth.client().withBearer(token).get("/v2/").statusCode()).isEqualTo(200);
        }
    }

    private static String token(RegistryClient client) {
        HttpResponse<byte[]> response = client.get("/token?service=berth");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("token").asString();
    }

    private static List<byte[]> privateKeys(StandaloneBerth berth) {
        return berth.bean(JdbcClient.class).sql("SELECT private_key FROM signing_key").query(byte[].class).list();
    }

    private static void assumeH2() {
        org.junit.jupiter.api.Assumptions.assumeFalse(BerthHttpTest.onPostgres(), "the H2 file is checked on H2 only");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
