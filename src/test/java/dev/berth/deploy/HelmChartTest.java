package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/** helm/berth lints, and renders the two shapes of an install: one replica on a PVC, or many on S3 and PostgreSQL. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/berth");
    private static final Path VALUES = Path.of("src/test/resources/helm");

    @Test
    void lint_defaultValues_passesStrict() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void template_filesystemMode_oneReplicaOnAPersistentVolume() {
        List<Map<String, Object>> objects = render("filesystem-values.yaml");

        Map<String, Object> deployment = only(objects, "Deployment");
        assertThat(get(deployment, "spec", "replicas")).isEqualTo(1);
        assertThat(get(deployment, "spec", "strategy", "type")).isEqualTo("Recreate");
        Map<String, Object> claim = only(objects, "PersistentVolumeClaim");
        assertThat(volume(deployment, "data")).containsEntry("persistentVolumeClaim",
                Map.of("claimName", get(claim, "metadata", "name")));
        assertThat(kinds(objects)).doesNotContain("HorizontalPodAutoscaler");
        assertThat(configMapData(objects)).containsEntry("BERTH_STORAGE_TYPE", "filesystem")
                .doesNotContainKeys("BERTH_STORAGE_S3_BUCKET", "SPRING_DATASOURCE_URL");
        assertSecureProbedContainer(deployment);
    }

    @Test
    void template_filesystemIngress_allowsLargeSlowLayers() {
        Map<String, Object> ingress = only(render("filesystem-values.yaml"), "Ingress");

        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = (Map<String, Object>) get(ingress, "metadata", "annotations");
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off");
    }

    @Test
    void template_s3WithPostgres_threeReplicasWithoutVolumeClaim() {
        List<Map<String, Object>> objects = render("s3-values.yaml");

        Map<String, Object> deployment = only(objects, "Deployment");
        assertThat(get(deployment, "spec", "replicas")).isEqualTo(3);
        assertThat(kinds(objects)).doesNotContain("PersistentVolumeClaim").contains("ServiceMonitor", "Secret");
        assertThat(volume(deployment, "data")).containsKey("emptyDir");
        assertThat(configMapData(objects))
                .containsEntry("BERTH_STORAGE_TYPE", "s3")
                .containsEntry("BERTH_STORAGE_S3_BUCKET", "berth-blobs")
                .containsEntry("BERTH_STORAGE_S3_ENDPOINT", "http://minio.storage:9000")
                .containsEntry("BERTH_STORAGE_S3_PATH_STYLE_ACCESS", "true")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres.db:5432/berth");
        assertThat(envNames(deployment)).contains("BERTH_STORAGE_S3_ACCESS_KEY", "BERTH_STORAGE_S3_SECRET_KEY",
                "SPRING_DATASOURCE_PASSWORD", "BERTH_AUTH_ADMIN_PASSWORD", "BERTH_AUTH_KEY_ENCRYPTION_SECRET");
        assertThat(get(only(objects, "Secret"), "stringData")).isEqualTo(Map.of(
                "database-password", "example-db-password", "s3-access-key", "example-access-key",
                "s3-secret-key", "example-secret-key", "admin-password", "example-admin-password",
                "key-encryption-secret", "example-key-encryption-secret"));
        assertThat(get(only(objects, "ServiceMonitor"), "spec", "endpoints")).asString()
                .contains("/actuator/prometheus");
        assertSecureProbedContainer(deployment);
    }

    @Test
    void template_tlsSecret_mountedAndServedWithHttpsProbes() {
        List<Map<String, Object>> objects = render("tls-values.yaml");

        Map<String, Object> deployment = only(objects, "Deployment");
        assertThat(volume(deployment, "tls")).containsEntry("secret", Map.of("secretName", "berth-tls",
                "defaultMode", 0440, "items", List.of(Map.of("key", "tls.crt", "path", "tls.crt"),
                        Map.of("key", "tls.key", "path", "tls.key"))));
        Map<String, Object> container = container(deployment);
        assertThat(container.get("volumeMounts")).asString()
                .contains("name=tls", "mountPath=/etc/berth/tls", "readOnly=true");
        ConfigurationMetadata metadata = ConfigurationMetadata.load();
        assertThat(configMapData(objects))
                .containsEntry("BERTH_TLS_CERTIFICATE_FILE", "/etc/berth/tls/tls.crt")
                .containsEntry("BERTH_TLS_KEY_FILE", "/etc/berth/tls/tls.key")
                .allSatisfy((name, value) -> assertThat(!name.startsWith("BERTH_")
                        || metadata.hasEnvironmentVariable(name)).as(name).isTrue());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(get(container, probe, "httpGet", "scheme")).as(probe).isEqualTo("HTTPS");
            assertThat(get(container, probe, "httpGet", "port")).as(probe).isEqualTo("https");
        }
        assertThat(container.get("ports")).asString().contains("name=https", "containerPort=5000");
        assertThat(get(only(objects, "Service"), "spec", "ports")).asString().contains("targetPort=https");
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = (Map<String, Object>) get(only(objects, "Ingress"), "metadata", "annotations");
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0");
        assertThat(get(only(objects, "ServiceMonitor"), "spec", "endpoints")).asString()
                .contains("scheme=https", "port=https");
        assertSecureProbedContainer(deployment);
    }

    @Test
    void template_withoutTls_plainHttpProbesAndNoSecretVolume() {
        Map<String, Object> deployment = only(render("filesystem-values.yaml"), "Deployment");

        Map<String, Object> container = container(deployment);
        assertThat(map(get(container, "readinessProbe", "httpGet"))).doesNotContainKey("scheme")
                .containsEntry("port", "http");
        assertThat(get(deployment, "spec", "template", "spec", "volumes")).asString().doesNotContain("secretName");
    }

    @Test
    void template_everyBerthVariable_namesAnExistingProperty() {
        ConfigurationMetadata metadata = ConfigurationMetadata.load();
        List<String> variables = new ArrayList<>();
        for (String values : List.of("s3-values.yaml", "proxy-values.yaml")) {
            List<Map<String, Object>> objects = render(values);
            variables.addAll(configMapData(objects).keySet());
            variables.addAll(envNames(only(objects, "Deployment")));
        }

        assertThat(variables.stream().filter(name -> name.startsWith("BERTH_"))).isNotEmpty()
                .allSatisfy(variable -> assertThat(metadata.hasEnvironmentVariable(variable)).as(variable).isTrue());
    }

    @Test
    void template_oneUpstream_settingsInConfigMapCredentialsInSecret() {
        List<Map<String, Object>> objects = render("proxy-values.yaml");

        Map<String, Object> configMap = only(objects, "ConfigMap");
        assertThat(map(configMap.get("data")))
                .containsEntry("BERTH_PROXY_UPSTREAMS_0_NAME", "dockerhub")
                .containsEntry("BERTH_PROXY_UPSTREAMS_0_URL", "https://registry-1.docker.io")
                .containsEntry("BERTH_PROXY_UPSTREAMS_0_REGISTRY_HOST", "docker.io")
                .containsEntry("BERTH_PROXY_UPSTREAMS_0_TAG_TTL", "1m")
                .containsEntry("BERTH_PROXY_UPSTREAMS_0_RETENTION", "30d")
                .containsEntry("BERTH_PROXY_UPSTREAMS_0_MAX_SIZE", "200GB")
                .containsEntry("BERTH_PROXY_DEFAULT_UPSTREAM", "dockerhub")
                .doesNotContainKeys("BERTH_PROXY_UPSTREAMS_0_USERNAME", "BERTH_PROXY_UPSTREAMS_0_PASSWORD");
        assertThat(configMap).asString().doesNotContain("example-upstream-password", "example-upstream-user");
        Map<String, Object> secret = only(objects, "Secret");
        assertThat(map(secret.get("stringData")))
                .containsEntry("upstream-dockerhub-username", "example-upstream-user")
                .containsEntry("upstream-dockerhub-password", "example-upstream-password");

        Map<String, Object> deployment = only(objects, "Deployment");
        assertThat(get(env(deployment, "BERTH_PROXY_UPSTREAMS_0_PASSWORD"), "valueFrom", "secretKeyRef"))
                .isEqualTo(Map.of("name", get(secret, "metadata", "name"), "key", "upstream-dockerhub-password",
                        "optional", true));
        assertThat(get(env(deployment, "BERTH_PROXY_UPSTREAMS_0_USERNAME"), "valueFrom", "secretKeyRef", "key"))
                .isEqualTo("upstream-dockerhub-username");
    }

    @Test
    void template_upstreamPasswordAmongSettings_isRefused() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("berth")
                .set("berth.proxy.upstreams[0].name", "dockerhub")
                .set("berth.proxy.upstreams[0].url", "https://registry-1.docker.io")
                .set("berth.proxy.upstreams[0].password", "example-upstream-password").call())
                .hasMessageContaining("go in secrets.upstreams.dockerhub");
    }

    @Test
    void template_defaultUpstreamNamingNoUpstream_isRefused() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("berth")
                .set("berth.proxy.defaultUpstream", "dockerhub").call())
                .hasMessageContaining("berth.proxy.defaultUpstream dockerhub is not the name");
    }

    @Test
    void template_autoscaledS3_hasAutoscalerAndExistingSecret() {
        List<Map<String, Object>> objects = render("s3-autoscaled-values.yaml");

        Map<String, Object> deployment = only(objects, "Deployment");
        assertThat(only(objects, "HorizontalPodAutoscaler")).satisfies(hpa ->
                assertThat(get(hpa, "spec", "minReplicas")).isEqualTo(2));
        assertThat(map(deployment.get("spec"))).doesNotContainKey("replicas");
        assertThat(kinds(objects)).doesNotContain("Secret", "PersistentVolumeClaim");
        assertThat(get(deployment, "spec", "template", "spec", "containers")).asString()
                .contains("name=berth-credentials");
    }

    @Test
    void template_autoscalingOnFilesystem_isRefused() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("berth")
                .set("autoscaling.enabled", true).call())
                .hasMessageContaining("autoscaling needs berth.storage.type=s3");
    }

    private static void assertSecureProbedContainer(Map<String, Object> deployment) {
        Map<String, Object> pod = map(get(deployment, "spec", "template", "spec"));
        assertThat(get(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        Map<String, Object> container = container(deployment);
        assertThat(get(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(get(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(get(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(get(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(get(container, "resources", "limits", "memory")).isNotNull();
        assertThat(volume(deployment, "tmp")).containsKey("emptyDir");
        assertThat(container.get("volumeMounts")).asString().contains("mountPath=/tmp");
    }

    private static List<Map<String, Object>> render(String valuesFile) {
        String manifests = new Helm(CHART).template().withName("berth").withValuesFile(VALUES.resolve(valuesFile))
                .call();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(manifests)) {
            if (document != null) {
                objects.add(map(document));
            }
        }
        return objects;
    }

    private static List<String> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(object -> (String) object.get("kind")).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> matching = objects.stream().filter(object -> kind.equals(object.get("kind")))
                .toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> configMapData(List<Map<String, Object>> objects) {
        return map(only(objects, "ConfigMap").get("data"));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<?> containers = (List<?>) get(deployment, "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static List<String> envNames(Map<String, Object> deployment) {
        return ((List<?>) container(deployment).get("env")).stream().map(entry -> (String) map(entry).get("name"))
                .toList();
    }

    private static Map<String, Object> env(Map<String, Object> deployment, String name) {
        return ((List<?>) container(deployment).get("env")).stream().map(HelmChartTest::map)
                .filter(entry -> name.equals(entry.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no environment variable " + name));
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        List<?> volumes = (List<?>) get(deployment, "spec", "template", "spec", "volumes");
        return volumes.stream().map(HelmChartTest::map).filter(volume -> name.equals(volume.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Object get(Map<String, Object> object, String... path) {
        Object current = object;
        for (String key : path) {
            current = map(Objects.requireNonNull(current, "missing parent of " + key)).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }
}
