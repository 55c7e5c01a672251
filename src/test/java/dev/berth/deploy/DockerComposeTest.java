package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml configures Berth only with settings that exist, and takes every value from .env. */
class DockerComposeTest {

    private static String composeText;
    private static Map<String, Object> compose;

    @BeforeAll
    static void parse() throws IOException {
        composeText = Files.readString(Path.of("docker-compose.yml"));
        compose = new Yaml().load(composeText);
    }

    @Test
    void berthEnvironment_everyBerthVariable_namesAnExistingProperty() {
        ConfigurationMetadata metadata = ConfigurationMetadata.load();
        Map<String, Object> environment = environment("berth");

        Set<String> berthVariables = new TreeSet<>();
        environment.keySet().stream().filter(name -> name.startsWith("BERTH_")).forEach(berthVariables::add);

        assertThat(berthVariables).contains("BERTH_STORAGE_TYPE", "BERTH_STORAGE_S3_BUCKET",
                "BERTH_STORAGE_S3_PATH_STYLE_ACCESS", "BERTH_AUTH_ADMIN_PASSWORD");
        assertThat(berthVariables).allSatisfy(variable -> assertThat(metadata.hasEnvironmentVariable(variable))
                .as(variable + " binds to one of " + metadata.properties()).isTrue());
    }

    @Test
    void berthEnvironment_usesS3AndPostgres() {
        Map<String, Object> environment = environment("berth");

        assertThat(environment).containsEntry("BERTH_STORAGE_TYPE", "s3");
        assertThat(environment.get("SPRING_DATASOURCE_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
    }

    @Test
    void compose_everyVariable_isDefinedInDotEnv() throws IOException {
        Properties dotEnv = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(".env"))) {
            dotEnv.load(reader);
        }
        Set<String> used = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)}").matcher(composeText);
        while (matcher.find()) {
            used.add(matcher.group(1));
        }

        assertThat(used).isNotEmpty().allSatisfy(variable -> assertThat(dotEnv).containsKey(variable));
        assertThat(dotEnv.stringPropertyNames()).filteredOn(name -> name.contains("PASSWORD"))
                .allSatisfy(name -> assertThat(dotEnv.getProperty(name)).startsWith("example-"));
    }

    @Test
    void services_longRunning_haveHealthChecksAndNamedVolumes() {
        Map<String, Object> services = map(compose.get("services"));
        Set<String> volumes = map(compose.get("volumes")).keySet();

        assertThat(services).containsKeys("berth", "postgres", "minio", "minio-init");
        for (String name : List.of("berth", "postgres", "minio")) {
            Map<String, Object> service = map(services.get(name));
            assertThat(service).as(name).containsKey("healthcheck");
            List<?> mounts = (List<?>) service.get("volumes");
            assertThat(mounts).as(name + " volumes").allSatisfy(mount ->
                    assertThat(volumes).contains(mount.toString().substring(0, mount.toString().indexOf(':'))));
        }
        Map<String, Object> dependsOn = map(map(services.get("berth")).get("depends_on"));
        assertThat(map(dependsOn.get("minio-init"))).containsEntry("condition", "service_completed_successfully");
        assertThat(map(dependsOn.get("postgres"))).containsEntry("condition", "service_healthy");
    }

    private static Map<String, Object> environment(String service) {
        Object environment = map(map(compose.get("services")).get(service)).get("environment");
        Map<String, Object> variables = new LinkedHashMap<>();
        map(environment).forEach((name, value) -> variables.put(name, value == null ? "" : value.toString()));
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }
}
