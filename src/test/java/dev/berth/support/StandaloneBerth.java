package dev.berth.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.berth.BerthApplication;

/**
 * A Berth started and stopped by the test itself, on a data directory the test owns (file H2 and
 * local blobs), for tests about what survives a restart.
 */
public final class StandaloneBerth implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StandaloneBerth(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static StandaloneBerth start(Path dataDir, String... extraProperties) {
        // As command-line arguments: they outrank application.yml, as an operator's flags would.
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--berth.data-dir=" + dataDir,
                "--berth.auth.admin-password=" + BerthHttpTest.ADMIN_PASSWORD));
        for (String property : BerthHttpTest.storageProperties()) {
            arguments.add("--" + property);
        }
        // One schema per data directory: a restart on the same directory finds its rows again.
        for (String property : BerthHttpTest.databaseProperties(Integer.toHexString(dataDir.toAbsolutePath()
                .toString().hashCode()) + "_" + Long.toHexString(ProcessHandle.current().pid()))) {
            arguments.add("--" + property);
        }
        for (String property : extraProperties) {
            arguments.add("--" + property);
        }
        return new StandaloneBerth(new SpringApplicationBuilder(BerthApplication.class)
                .run(arguments.toArray(String[]::new)));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public RegistryClient client() {
        return new RegistryClient("http://localhost:" + port()).withBasic("admin", BerthHttpTest.ADMIN_PASSWORD);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
