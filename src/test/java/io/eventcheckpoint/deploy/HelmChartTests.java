package io.eventcheckpoint.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.config.JdbcCheckpointProperties;
import io.eventcheckpoint.security.CheckpointSecurityProperties;
import io.eventcheckpoint.security.CheckpointSecurityProperties.Role;
import io.eventcheckpoint.security.CheckpointSecurityProperties.Token;
import io.eventcheckpoint.store.file.JournalSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static io.eventcheckpoint.deploy.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for the Helm chart in {@code helm/checkpoint-service}: lint and the manifests it renders.
 */
class HelmChartTests {

	private static final String FULLNAME = "r-checkpoint-service";

	private static final String[] EXTRA_TOKENS = { "auth.extraTokens[0].name", "collector-host-a",
			"auth.extraTokens[0].existingSecret", "token-host-a", "auth.extraTokens[0].role", "write",
			"auth.extraTokens[0].prefix", "host-a/", "auth.extraTokens[1].name", "dashboards",
			"auth.extraTokens[1].existingSecret", "token-dashboards", "auth.extraTokens[1].key", "sha",
			"auth.extraTokens[1].role", "read", "auth.extraTokens[1].sha256", "true" };

	private static final String[] TLS = { "tls.enabled", "true", "tls.existingSecret", "checkpoint-tls" };

	@Test
	void lintInStrictModeShouldPass() {
		LintResult result = new Helm(RenderedChart.CHART_DIR).lint().strict().call();
		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
	}

	@Test
	void renderWithDefaultsShouldCreateStatefulSetWithOneReplica() {
		RenderedChart chart = render();
		assertThat(chart.kinds()).contains("StatefulSet", "Service", "ConfigMap", "Secret", "ServiceAccount")
			.doesNotContain("Deployment", "PodDisruptionBudget", "ServiceMonitor", "PrometheusRule", "Ingress");
		JsonNode statefulSet = chart.one("StatefulSet");
		assertThat(statefulSet.at("/spec/replicas").asInt()).isEqualTo(1);
		assertThat(statefulSet.at("/spec/serviceName").asString()).isEqualTo(FULLNAME + "-headless");
		assertThat(chart.named("Service", FULLNAME + "-headless").at("/spec/clusterIP").asString()).isEqualTo("None");
	}

	@Test
	void renderWithDefaultsShouldKeepDataOnPersistentVolumeClaim() {
		RenderedChart chart = render();
		JsonNode claims = chart.one("StatefulSet").at("/spec/volumeClaimTemplates");
		assertThat(claims.size()).isEqualTo(1);
		JsonNode claim = claims.get(0);
		assertThat(claim.at("/metadata/name").asString()).isEqualTo("data");
		assertThat(claim.at("/spec/accessModes/0").asString()).isEqualTo("ReadWriteOnce");
		assertThat(claim.at("/spec/resources/requests/storage").asString()).isEqualTo("1Gi");
		assertThat(claim.at("/spec/storageClassName").isMissingNode()).as("default storage class").isTrue();
		assertThat(chart.podSpec().path("volumes").valueStream().map((volume) -> volume.path("name").asString()))
			.as("a pod volume named data would shadow the claim")
			.doesNotContain("data");
	}

	@Test
	void renderWithStorageClassAndSizeShouldSetThemOnTheClaim() {
		JsonNode claim = render("persistence.storageClass", "fast-ssd", "persistence.size", "2Gi").one("StatefulSet")
			.at("/spec/volumeClaimTemplates/0/spec");
		assertThat(claim.path("storageClassName").asString()).isEqualTo("fast-ssd");
		assertThat(claim.at("/resources/requests/storage").asString()).isEqualTo("2Gi");
	}

	@Test
	void renderWithDefaultsShouldMountDataVolumeWhereCheckpointFilePoints() {
		RenderedChart chart = render();
		Map<String, String> environment = chart.configEnvironment();
		assertThat(environment).containsEntry("CHECKPOINT_STORE", "file")
			.containsEntry("CHECKPOINT_FILE", "/data/checkpoint.yml");
		String directory = Path.of(environment.get("CHECKPOINT_FILE")).getParent().toString();
		assertThat(chart.mountPath("data")).contains(directory);
	}

	@Test
	void renderWithCheckpointFileElsewhereShouldMountDataVolumeAtItsDirectory() {
		RenderedChart chart = render("checkpoint.file", "/var/lib/checkpoint/state.yml");
		assertThat(chart.configEnvironment()).containsEntry("CHECKPOINT_FILE", "/var/lib/checkpoint/state.yml");
		assertThat(chart.mountPath("data")).contains("/var/lib/checkpoint");
	}

	@Test
	void renderWithDefaultsShouldConfigureTheServiceThroughEnvironment() {
		assertThat(render().configEnvironment()).containsEntry("SERVER_PORT", "8080")
			.containsEntry("CHECKPOINT_MAX_UPDATES", "100")
			.containsEntry("CHECKPOINT_FLUSH_INTERVAL", "5s")
			.containsEntry("CHECKPOINT_ON_CORRUPT", "fail")
			.containsEntry("CHECKPOINT_API_BACKWARD_MOVES", "reject")
			.containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
	}

	@Test
	void renderWithExtraEnvShouldAddItToTheConfigMap() {
		assertThat(render("env.LOGGING_LEVEL_IO_EVENTCHECKPOINT", "DEBUG").configEnvironment())
			.containsEntry("LOGGING_LEVEL_IO_EVENTCHECKPOINT", "DEBUG");
	}

	@Test
	void renderWithDefaultsShouldProbeActuatorHealthGroups() {
		RenderedChart chart = render();
		JsonNode container = chart.container();
		assertThat(container.at("/startupProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
		assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
		assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
		for (String probe : new String[] { "startupProbe", "livenessProbe", "readinessProbe" }) {
			assertThat(container.at("/" + probe + "/httpGet/port").asString()).as(probe).isEqualTo("http");
		}
		assertThat(container.at("/ports/0/name").asString()).isEqualTo("http");
		assertThat(container.at("/ports/0/containerPort").asString())
			.isEqualTo(chart.configEnvironment().get("SERVER_PORT"));
	}

	@Test
	void renderWithDefaultsShouldRunAsNonRootWithReadOnlyRootFilesystem() {
		RenderedChart chart = render();
		JsonNode pod = chart.podSpec().path("securityContext");
		assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
		assertThat(pod.path("runAsUser").asInt()).isEqualTo(10001);
		assertThat(pod.path("runAsGroup").asInt()).isEqualTo(10001);
		assertThat(pod.path("fsGroup").asInt()).as("makes the volume writable").isEqualTo(10001);
		assertThat(pod.at("/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
		JsonNode container = chart.container().path("securityContext");
		assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
		assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(container.at("/capabilities/drop").valueStream().map(JsonNode::asString)).containsExactly("ALL");
		assertThat(chart.podSpec().path("automountServiceAccountToken").asBoolean(false)
				|| chart.one("ServiceAccount").path("automountServiceAccountToken").asBoolean())
			.as("service account token mounted")
			.isFalse();
	}

	@Test
	void renderWithDefaultsShouldMountEmptyDirAtTmp() {
		RenderedChart chart = render();
		assertThat(chart.volume("tmp").has("emptyDir")).isTrue();
		assertThat(chart.mountPath("tmp")).contains("/tmp");
	}

	@Test
	void renderWithDefaultsShouldSetResourceRequestsAndMemoryLimit() {
		JsonNode resources = render().container().path("resources");
		assertThat(resources.at("/requests/cpu").asString()).isNotEmpty();
		assertThat(resources.at("/requests/memory").asString()).isNotEmpty();
		assertThat(resources.at("/limits/memory").asString()).isNotEmpty();
	}

	@Test
	void renderWithDefaultsShouldUseAppVersionAsImageTag() {
		JsonNode chartYaml = new YAMLMapper().readTree(RenderedChart.CHART_DIR.resolve("Chart.yaml"));
		assertThat(render().container().path("image").asString())
			.isEqualTo("checkpoint-service:" + chartYaml.path("appVersion").asString());
		assertThat(render("image.tag", "1.2.3").container().path("image").asString())
			.isEqualTo("checkpoint-service:1.2.3");
	}

	@Test
	void renderWithDefaultsShouldAnnotatePodsWithConfigChecksum() {
		String checksum = configChecksum(render());
		assertThat(checksum).matches("[0-9a-f]{64}");
		assertThat(configChecksum(render())).isEqualTo(checksum);
		assertThat(configChecksum(render("checkpoint.maxUpdates", 500))).as("after a configuration change")
			.isNotEqualTo(checksum);
	}

	private static String configChecksum(RenderedChart chart) {
		return chart.workload().at("/spec/template/metadata/annotations").path("checksum/config").asString();
	}

	@Test
	void renderWithDefaultsShouldGiveMoreGracePeriodThanBothShutdownPhases() {
		RenderedChart chart = render();
		Map<String, String> environment = chart.configEnvironment();
		Duration phaseTimeout = duration(environment.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));
		Duration flushTimeout = duration(environment.get("CHECKPOINT_SHUTDOWN_TIMEOUT"));
		assertThat(phaseTimeout).isEqualTo(Duration.ofSeconds(30));
		assertThat(flushTimeout).isEqualTo(Duration.ofSeconds(20));
		// The web server's drain and the final flush are separate lifecycle phases, one after the other.
		Duration longestShutdown = phaseTimeout.plus((flushTimeout.compareTo(phaseTimeout) < 0) ? flushTimeout : phaseTimeout);
		long gracePeriod = chart.podSpec().path("terminationGracePeriodSeconds").asLong();
		assertThat(Duration.ofSeconds(gracePeriod)).isGreaterThan(longestShutdown);
	}

	private static Duration duration(String springDuration) {
		return Duration.parse("PT" + springDuration.toUpperCase());
	}

	@Test
	void renderWithGracePeriodNotLongerThanShutdownShouldFail() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render("terminationGracePeriodSeconds", 45, "shutdown.timeoutSeconds", 30,
					"shutdown.snapshotSeconds", 0))
			.withMessageContaining("terminationGracePeriodSeconds (45) must be longer than the 50 seconds a shutdown may take");
		assertThat(render("terminationGracePeriodSeconds", 45, "shutdown.timeoutSeconds", 30,
				"shutdown.flushTimeoutSeconds", 10, "shutdown.snapshotSeconds", 0)
			.podSpec()
			.path("terminationGracePeriodSeconds")
			.asInt()).isEqualTo(45);
	}

	@Test
	void renderWithDefaultsShouldGiveGracePeriodForTheFinalSnapshotToo() {
		// Drain (30) + final flush (20) + final snapshot (20): the snapshot is not bounded by the service.
		assertThat(render().podSpec().path("terminationGracePeriodSeconds").asInt()).isGreaterThan(30 + 20 + 20);
		assertThatIllegalStateException().isThrownBy(() -> render("terminationGracePeriodSeconds", 60))
			.withMessageContaining("terminationGracePeriodSeconds (60) must be longer than the 70 seconds")
			.withMessageContaining("shutdown.snapshotSeconds=20");
	}

	@Test
	void renderWithoutJournalOrWithJdbcStoreShouldNotWaitForASnapshot() {
		assertThat(render("terminationGracePeriodSeconds", 60, "checkpoint.journal", false).podSpec()
			.path("terminationGracePeriodSeconds")
			.asInt()).isEqualTo(60);
		assertThat(render("terminationGracePeriodSeconds", 60, "store.type", "jdbc", "store.jdbc.url",
				"jdbc:postgresql://postgres:5432/checkpoint", "store.jdbc.existingSecret", "checkpoint-db")
			.podSpec()
			.path("terminationGracePeriodSeconds")
			.asInt()).isEqualTo(60);
	}

	@Test
	void renderWithDefaultsShouldJournalTheFileStore() {
		RenderedChart chart = render();
		assertThat(chart.configEnvironment()).containsEntry("CHECKPOINT_JOURNAL", "true")
			.containsEntry("CHECKPOINT_SNAPSHOT_INTERVAL", "5m")
			.containsEntry("CHECKPOINT_SNAPSHOT_JOURNAL_SIZE", "64MB");
		assertThat(bind(chart).bindOrCreate("checkpoint", CheckpointProperties.class).journalSettings())
			.isEqualTo(JournalSettings.journal(Duration.ofMinutes(5), 64L << 20));
	}

	@Test
	void renderWithJournalSettingsShouldBindThemToTheService() {
		assertThat(bind(render("checkpoint.snapshotInterval", "30s", "checkpoint.snapshotJournalSize", "16MB"))
			.bindOrCreate("checkpoint", CheckpointProperties.class)
			.journalSettings()).isEqualTo(JournalSettings.journal(Duration.ofSeconds(30), 16L << 20));
		assertThat(bind(render("checkpoint.journal", false)).bindOrCreate("checkpoint", CheckpointProperties.class)
			.journalSettings()
			.enabled()).isFalse();
	}

	@Test
	void renderWithDefaultsShouldGenerateTokenSecretForCollectors() {
		RenderedChart chart = render();
		JsonNode secret = chart.named("Secret", FULLNAME + "-auth");
		String token = new String(Base64.getDecoder().decode(secret.at("/data/token").asString()),
				StandardCharsets.UTF_8);
		assertThat(token).hasSize(48).matches("[A-Za-z0-9]+");
		assertThat(render().named("Secret", FULLNAME + "-auth").at("/data/token").asString())
			.as("a new install gets a new token")
			.isNotEqualTo(secret.at("/data/token").asString());
		JsonNode tokenRef = chart.containerEnv().get("CHECKPOINT_SECURITY_TOKENS_0_SECRET").at("/valueFrom/secretKeyRef");
		assertThat(tokenRef.path("name").asString()).isEqualTo(FULLNAME + "-auth");
		assertThat(tokenRef.path("key").asString()).isEqualTo("token");
		assertThat(chart.configEnvironment()).containsEntry("CHECKPOINT_SECURITY_TOKENS_0_NAME", "collectors")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_0_ROLE", "write")
			.doesNotContainKey("CHECKPOINT_SECURITY_TOKENS_0_SECRET");
	}

	@Test
	void renderWithExistingAuthSecretShouldReferenceItInsteadOfCreatingOne() {
		RenderedChart chart = render("auth.existingSecret", "collector-token", "auth.secretKey", "value");
		assertThat(chart.kinds()).doesNotContain("Secret");
		JsonNode tokenRef = chart.containerEnv().get("CHECKPOINT_SECURITY_TOKENS_0_SECRET").at("/valueFrom/secretKeyRef");
		assertThat(tokenRef.path("name").asString()).isEqualTo("collector-token");
		assertThat(tokenRef.path("key").asString()).isEqualTo("value");
	}

	@Test
	void renderWithAuthDisabledShouldConfigureNoToken() {
		RenderedChart chart = render("auth.enabled", false);
		assertThat(chart.kinds()).doesNotContain("Secret");
		assertThat(chart.containerEnv()).isEmpty();
		assertThat(chart.configEnvironment().keySet()).noneMatch((name) -> name.startsWith("CHECKPOINT_SECURITY"));
	}

	@Test
	void renderWithDefaultsShouldRequireATokenOfTheService() {
		CheckpointSecurityProperties security = bind(render()).bindOrCreate("checkpoint.security",
				CheckpointSecurityProperties.class);
		assertThat(security.tokens()).as("a default install is not open").hasSize(1);
		Token token = security.tokens().get(0);
		assertThat(token.name()).isEqualTo("collectors");
		assertThat(token.role()).isEqualTo(Role.WRITE);
		assertThat(token.secret()).hasSize(48);
		assertThat(token.isExactlyOneSecret()).isTrue();
		assertThat(token.isSecretLongEnough()).isTrue();
		assertThat(security.protectMetrics()).isFalse();
	}

	@Test
	void renderWithExtraTokensShouldNumberThemAfterTheGeneratedToken() {
		RenderedChart chart = render((Object[]) EXTRA_TOKENS);
		Map<String, String> config = chart.configEnvironment();
		assertThat(config).containsEntry("CHECKPOINT_SECURITY_TOKENS_0_NAME", "collectors")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_1_NAME", "collector-host-a")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_1_ROLE", "write")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_1_PREFIX", "host-a/")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_2_NAME", "dashboards")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_2_ROLE", "read")
			.doesNotContainKeys("CHECKPOINT_SECURITY_TOKENS_2_PREFIX", "CHECKPOINT_SECURITY_TOKENS_3_NAME");
		Map<String, JsonNode> env = chart.containerEnv();
		assertThat(env.get("CHECKPOINT_SECURITY_TOKENS_1_SECRET").at("/valueFrom/secretKeyRef/name").asString())
			.isEqualTo("token-host-a");
		assertThat(env.get("CHECKPOINT_SECURITY_TOKENS_1_SECRET").at("/valueFrom/secretKeyRef/key").asString())
			.as("default key")
			.isEqualTo("token");
		assertThat(env).doesNotContainKey("CHECKPOINT_SECURITY_TOKENS_2_SECRET");
		assertThat(env.get("CHECKPOINT_SECURITY_TOKENS_2_SECRETSHA256").at("/valueFrom/secretKeyRef/name").asString())
			.isEqualTo("token-dashboards");
		assertThat(env.get("CHECKPOINT_SECURITY_TOKENS_2_SECRETSHA256").at("/valueFrom/secretKeyRef/key").asString())
			.isEqualTo("sha");
		assertThat(chart.all("Secret")).as("only the generated token; the others are the user's Secrets").hasSize(1);

		CheckpointSecurityProperties security = bind(chart).bindOrCreate("checkpoint.security",
				CheckpointSecurityProperties.class);
		assertThat(security.tokens()).extracting(Token::name, Token::role, Token::prefix)
			.containsExactly(tuple("collectors", Role.WRITE, null), tuple("collector-host-a", Role.WRITE, "host-a/"),
					tuple("dashboards", Role.READ, null));
		assertThat(security.tokens()).allMatch(Token::isExactlyOneSecret)
			.allMatch(Token::isSecretLongEnough)
			.allMatch(Token::isSecretSha256Hex);
		assertThat(security.tokens().get(2).secretSha256()).hasSize(64);
	}

	@Test
	void renderWithExtraTokensButAuthDisabledShouldFail() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render("auth.enabled", false, "auth.extraTokens[0].name", "a",
					"auth.extraTokens[0].existingSecret", "s", "auth.extraTokens[0].role", "read"))
			.withMessageContaining("auth.extraTokens needs auth.enabled=true");
	}

	@Test
	void renderWithTwoTokensOfOneNameShouldFail() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render("auth.extraTokens[0].name", "collectors", "auth.extraTokens[0].existingSecret", "s",
					"auth.extraTokens[0].role", "read"))
			.withMessageContaining("Two tokens are named \"collectors\"");
	}

	@Test
	void renderWithProtectMetricsShouldGivePrometheusAReadTokenOfItsOwn() {
		RenderedChart chart = render("auth.protectMetrics", true, "serviceMonitor.enabled", true,
				"auth.extraTokens[0].name", "collector-host-a", "auth.extraTokens[0].existingSecret", "token-host-a",
				"auth.extraTokens[0].role", "write");
		assertThat(chart.configEnvironment()).containsEntry("CHECKPOINT_SECURITY_PROTECTMETRICS", "true")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_1_NAME", "metrics")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_1_ROLE", "read")
			.containsEntry("CHECKPOINT_SECURITY_TOKENS_2_NAME", "collector-host-a");
		JsonNode metricsSecret = chart.named("Secret", FULLNAME + "-metrics");
		assertThat(decode(metricsSecret.at("/data/token").asString())).hasSize(48)
			.isNotEqualTo(decode(chart.named("Secret", FULLNAME + "-auth").at("/data/token").asString()));
		JsonNode ref = chart.containerEnv().get("CHECKPOINT_SECURITY_TOKENS_1_SECRET").at("/valueFrom/secretKeyRef");
		assertThat(ref.path("name").asString()).isEqualTo(FULLNAME + "-metrics");

		JsonNode endpoint = chart.one("ServiceMonitor").at("/spec/endpoints/0");
		assertThat(endpoint.at("/authorization/type").asString()).isEqualTo("Bearer");
		assertThat(endpoint.at("/authorization/credentials/name").asString()).isEqualTo(FULLNAME + "-metrics");
		assertThat(endpoint.at("/authorization/credentials/key").asString()).isEqualTo("token");
		assertThat(endpoint.has("scheme")).as("plain HTTP without tls.enabled").isFalse();

		CheckpointSecurityProperties security = bind(chart).bindOrCreate("checkpoint.security",
				CheckpointSecurityProperties.class);
		assertThat(security.protectMetrics()).isTrue();
		assertThat(security.tokens().get(1).role()).isEqualTo(Role.READ);
	}

	@Test
	void renderWithProtectMetricsAndExistingMetricsSecretShouldReferenceIt() {
		RenderedChart chart = render("auth.protectMetrics", true, "serviceMonitor.enabled", true,
				"auth.metricsToken.existingSecret", "prometheus-token", "auth.metricsToken.key", "bearer");
		assertThat(chart.all("Secret")).extracting((secret) -> secret.at("/metadata/name").asString())
			.containsExactly(FULLNAME + "-auth");
		JsonNode credentials = chart.one("ServiceMonitor").at("/spec/endpoints/0/authorization/credentials");
		assertThat(credentials.path("name").asString()).isEqualTo("prometheus-token");
		assertThat(credentials.path("key").asString()).isEqualTo("bearer");
		assertThat(chart.containerEnv()
			.get("CHECKPOINT_SECURITY_TOKENS_1_SECRET")
			.at("/valueFrom/secretKeyRef/key")
			.asString()).isEqualTo("bearer");
	}

	@Test
	void renderWithProtectMetricsButAuthDisabledShouldFail() {
		assertThatIllegalStateException().isThrownBy(() -> render("auth.enabled", false, "auth.protectMetrics", true))
			.withMessageContaining("auth.protectMetrics=true needs auth.enabled=true");
	}

	@Test
	void renderWithTlsEnabledShouldMountTheSecretAndServeHttps() {
		RenderedChart chart = render((Object[]) TLS);
		JsonNode volume = chart.volume("tls");
		assertThat(volume.at("/secret/secretName").asString()).isEqualTo("checkpoint-tls");
		assertThat(volume.at("/secret/items").valueStream().map((item) -> item.path("key").asString()))
			.containsExactly("tls.crt", "tls.key");
		JsonNode mount = chart.container()
			.path("volumeMounts")
			.valueStream()
			.filter((candidate) -> "tls".equals(candidate.path("name").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(mount.path("mountPath").asString()).isEqualTo("/etc/checkpoint/tls");
		assertThat(mount.path("readOnly").asBoolean()).isTrue();
		assertThat(mount.has("subPath")).as("a subPath mount never sees a renewed certificate").isFalse();

		assertThat(chart.configEnvironment()).containsEntry("SERVER_SSL_BUNDLE", "server")
			.containsEntry("SPRING_SSL_BUNDLE_PEM_SERVER_KEYSTORE_CERTIFICATE", "file:/etc/checkpoint/tls/tls.crt")
			.containsEntry("SPRING_SSL_BUNDLE_PEM_SERVER_KEYSTORE_PRIVATEKEY", "file:/etc/checkpoint/tls/tls.key");
		Binder binder = bind(chart);
		assertThat(binder.bind("server.ssl.bundle", String.class).get()).isEqualTo("server");
		PemSslBundleProperties bundle = binder.bindOrCreate("spring.ssl", SslProperties.class)
			.getBundle()
			.getPem()
			.get("server");
		assertThat(bundle.getKeystore().getCertificate()).isEqualTo("file:/etc/checkpoint/tls/tls.crt");
		assertThat(bundle.getKeystore().getPrivateKey()).isEqualTo("file:/etc/checkpoint/tls/tls.key");
		assertThat(bundle.isReloadOnUpdate()).isTrue();

		JsonNode container = chart.container();
		for (String probe : new String[] { "startupProbe", "livenessProbe", "readinessProbe" }) {
			assertThat(container.at("/" + probe + "/httpGet/scheme").asString()).as(probe).isEqualTo("HTTPS");
			assertThat(container.at("/" + probe + "/httpGet/port").asString()).as(probe).isEqualTo("http");
		}
		assertThat(chart.named("Service", FULLNAME).at("/spec/ports/0/appProtocol").asString()).isEqualTo("https");
	}

	@Test
	void renderWithDefaultsShouldServePlainHttp() {
		RenderedChart chart = render();
		assertThat(chart.configEnvironment().keySet()).noneMatch((name) -> name.contains("SSL"));
		assertThat(chart.mountPath("tls")).isEmpty();
		assertThat(chart.container().at("/readinessProbe/httpGet/scheme").isMissingNode()).isTrue();
		assertThat(chart.named("Service", FULLNAME).at("/spec/ports/0/appProtocol").isMissingNode()).isTrue();
	}

	@Test
	void renderWithTlsEnabledWithoutSecretShouldFail() {
		assertThatIllegalStateException().isThrownBy(() -> render("tls.enabled", true))
			.withMessageContaining("tls.enabled=true needs tls.existingSecret")
			.withMessageContaining("kubernetes.io/tls");
	}

	@Test
	void renderWithTlsAndServiceMonitorShouldScrapeOverHttps() {
		RenderedChart chart = render("tls.enabled", true, "tls.existingSecret", "checkpoint-tls",
				"serviceMonitor.enabled", true, "serviceMonitor.tlsConfig.serverName", "checkpoint.example.local",
				"serviceMonitor.tlsConfig.ca.secret.name", "checkpoint-tls", "serviceMonitor.tlsConfig.ca.secret.key",
				"ca.crt");
		JsonNode endpoint = chart.one("ServiceMonitor").at("/spec/endpoints/0");
		assertThat(endpoint.path("scheme").asString()).isEqualTo("https");
		assertThat(endpoint.at("/tlsConfig/serverName").asString()).isEqualTo("checkpoint.example.local");
		assertThat(endpoint.at("/tlsConfig/ca/secret/name").asString()).isEqualTo("checkpoint-tls");
		assertThat(endpoint.at("/tlsConfig/ca/secret/key").asString()).isEqualTo("ca.crt");
		assertThat(render("tls.enabled", true, "tls.existingSecret", "checkpoint-tls", "serviceMonitor.enabled", true,
				"serviceMonitor.tlsConfig.insecureSkipVerify", true)
			.one("ServiceMonitor")
			.at("/spec/endpoints/0/tlsConfig/insecureSkipVerify")
			.asBoolean()).isTrue();
		assertThatIllegalStateException()
			.isThrownBy(() -> render("tls.enabled", true, "tls.existingSecret", "checkpoint-tls",
					"serviceMonitor.enabled", true))
			.withMessageContaining("needs serviceMonitor.tlsConfig");
	}

	@Test
	void installNotesWithTlsShouldUseHttps() {
		String notes = RenderedChart.notes((Object[]) TLS);
		assertThat(notes).contains("export CHECKPOINT_HOST=" + FULLNAME + ".checkpoint.svc")
			.contains("export CHECKPOINT_URL=https://$CHECKPOINT_HOST:8080")
			.contains("curl --resolve \"$CHECKPOINT_HOST:8080:127.0.0.1\" -X PUT \"$CHECKPOINT_URL/logs/Security\"")
			.contains("Secret checkpoint-tls")
			.doesNotContain("http://");
	}

	@Test
	void installNotesShouldShowHowToAddScopedCollectorTokens() {
		assertThat(RenderedChart.notes()).contains("create secret generic checkpoint-token-host-a")
			.contains("auth.extraTokens=[{\"name\":\"collector-host-a\"");
		assertThat(RenderedChart.notes((Object[]) EXTRA_TOKENS))
			.contains("Configured extra tokens: collector-host-a (write, host-a/*) dashboards (read).")
			.contains("rollout restart statefulset/" + FULLNAME);
	}

	@Test
	void renderWithDefaultsShouldBoundLogsAndPendingUpdatesWithinTheMemoryLimit() {
		CheckpointProperties checkpoint = bind(render()).bindOrCreate("checkpoint", CheckpointProperties.class);
		assertThat(checkpoint.maxLogs()).isEqualTo(500_000);
		assertThat(checkpoint.maxPendingUpdates()).isEqualTo(500_000);
		assertThat(render("checkpoint.maxLogs", 2_000_000, "checkpoint.maxPendingUpdates", 3_000_000)
			.configEnvironment()).containsEntry("CHECKPOINT_MAX_LOGS", "2000000")
			.containsEntry("CHECKPOINT_MAX_PENDING_UPDATES", "3000000");
	}

	@Test
	void renderWithJdbcStoreShouldBindToThePostgresqlStoreSettings() {
		Binder binder = bind(render("store.type", "jdbc", "replicaCount", 2, "store.jdbc.url",
				"jdbc:postgresql://postgres:5432/checkpoint", "store.jdbc.existingSecret", "checkpoint-db",
				"store.jdbc.refreshInterval", "500ms"));
		assertThat(binder.bindOrCreate("checkpoint", CheckpointProperties.class).store())
			.isEqualTo(CheckpointProperties.StoreType.JDBC);
		assertThat(binder.bindOrCreate("checkpoint.jdbc", JdbcCheckpointProperties.class).refreshInterval())
			.isEqualTo(Duration.ofMillis(500));
		assertThat(binder.bind("spring.datasource.url", String.class).get())
			.isEqualTo("jdbc:postgresql://postgres:5432/checkpoint");
		assertThat(binder.bind("spring.datasource.username", String.class).isBound()).isTrue();
		assertThat(binder.bind("spring.datasource.password", String.class).isBound()).isTrue();
		assertThat(bind(render()).bind("checkpoint.jdbc.refresh-interval", String.class).isBound()).as("file store")
			.isFalse();
	}

	/**
	 * Binds the pod's environment as the service sees it (Spring Boot's relaxed binding of
	 * environment variables), with made-up values for the Secrets the chart does not create.
	 */
	private static Binder bind(RenderedChart chart) {
		Map<String, Object> environment = new LinkedHashMap<>(chart.configEnvironment());
		chart.containerEnv()
			.forEach((name, variable) -> environment.put(name,
					secretValue(chart, name, variable.at("/valueFrom/secretKeyRef"))));
		return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
	}

	private static String secretValue(RenderedChart chart, String variable, JsonNode secretKeyRef) {
		String name = secretKeyRef.path("name").asString();
		String key = secretKeyRef.path("key").asString();
		return chart.all("Secret")
			.stream()
			.filter((secret) -> name.equals(secret.at("/metadata/name").asString()))
			.findFirst()
			.map((secret) -> decode(secret.path("data").path(key).asString()))
			.orElseGet(() -> variable.endsWith("SHA256") ? HexFormat.of().formatHex(new byte[32])
					: "made-up-value-of-" + name + "-" + key);
	}

	private static String decode(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
	}

	@Test
	void renderWithPersistenceDisabledShouldKeepDataOnEmptyDir() {
		RenderedChart chart = render("persistence.enabled", false);
		JsonNode statefulSet = chart.one("StatefulSet");
		assertThat(statefulSet.at("/spec/volumeClaimTemplates").isMissingNode()).isTrue();
		assertThat(chart.volume("data").has("emptyDir")).isTrue();
		assertThat(chart.mountPath("data")).contains("/data");
	}

	@Test
	void installWithPersistenceDisabledShouldWarnThatPositionsAreLost() {
		assertThat(RenderedChart.notes("persistence.enabled", false)).contains("WARNING: persistence.enabled=false")
			.contains("LOST");
		assertThat(RenderedChart.notes()).doesNotContain("WARNING");
	}

	@Test
	void installNotesShouldShowHowToReachTheServiceWithTheToken() {
		String notes = RenderedChart.notes();
		assertThat(notes).contains("kubectl --namespace checkpoint port-forward svc/" + FULLNAME + " 8080:8080")
			.contains("get secret " + FULLNAME + "-auth -o jsonpath=\"{.data.token}\" | base64 -d")
			.contains("curl -X PUT \"$CHECKPOINT_URL/logs/Security\"")
			.contains("Authorization: Bearer $CHECKPOINT_TOKEN")
			.contains("\"record_number\": 42");
	}

	@Test
	void renderWithDefaultsShouldCreateServiceSelectingThePods() {
		RenderedChart chart = render();
		JsonNode service = chart.named("Service", FULLNAME);
		assertThat(service.at("/spec/ports/0/targetPort").asString()).isEqualTo("http");
		assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
		Map<String, Object> podLabels = toMap(chart.workload().at("/spec/template/metadata/labels"));
		assertThat(podLabels).containsAllEntriesOf(toMap(service.at("/spec/selector")));
		assertThat(podLabels).containsAllEntriesOf(toMap(chart.workload().at("/spec/selector/matchLabels")));
	}

	@Test
	void renderWithMonitoringAndIngressEnabledShouldCreateTheirResources() throws Exception {
		RenderedChart chart = render("serviceMonitor.enabled", true, "serviceMonitor.labels.release", "kps",
				"dashboard.enabled", true, "prometheusRule.enabled", true, "ingress.enabled", true,
				"ingress.className", "nginx");
		JsonNode service = chart.named("Service", FULLNAME);

		JsonNode serviceMonitor = chart.one("ServiceMonitor");
		assertThat(serviceMonitor.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(serviceMonitor.at("/metadata/labels/release").asString()).isEqualTo("kps");
		assertThat(serviceMonitor.at("/spec/endpoints/0/port").asString()).isEqualTo("http");
		assertThat(serviceMonitor.at("/spec/endpoints/0/path").asString()).isEqualTo("/actuator/prometheus");
		assertThat(toMap(service.at("/metadata/labels")))
			.containsAllEntriesOf(toMap(serviceMonitor.at("/spec/selector/matchLabels")));
		assertThat(chart.named("Service", FULLNAME + "-headless").at("/spec/ports").isMissingNode())
			.as("headless Service without the http port, so pods are not scraped twice")
			.isTrue();

		JsonNode dashboard = chart.named("ConfigMap", FULLNAME + "-dashboard");
		assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asString()).isEqualTo("1");
		JsonNode dashboardJson = new JsonMapper().readTree(dashboard.at("/data/checkpoint-service.json").asString());
		assertThat(dashboardJson).isEqualTo(MonitoringFiles.dashboard());

		JsonNode rule = chart.one("PrometheusRule");
		assertThat(rule.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.at("/spec/groups")).isEqualTo(MonitoringFiles.alertRules().path("groups"));

		JsonNode ingress = chart.one("Ingress");
		assertThat(ingress.at("/spec/ingressClassName").asString()).isEqualTo("nginx");
		JsonNode backend = ingress.at("/spec/rules/0/http/paths/0/backend/service");
		assertThat(backend.path("name").asString()).isEqualTo(FULLNAME);
		assertThat(backend.at("/port/number").asInt()).isEqualTo(service.at("/spec/ports/0/port").asInt());
	}

	@Test
	void collectorStaleThresholdShouldComeFromValues() {
		JsonNode rule = render("prometheusRule.enabled", true, "prometheusRule.collectorStaleAfterSeconds", 7200)
			.one("PrometheusRule");
		List<String> stale = new ArrayList<>();
		rule.at("/spec/groups").forEach((group) -> group.path("rules").forEach((each) -> {
			if ("CheckpointCollectorStale".equals(each.path("alert").asString())) {
				stale.add(each.path("expr").asString());
			}
		}));
		assertThat(stale).containsExactly(
				"min by (job, collector) (time() - checkpoint_collector_last_update_timestamp_seconds) > 7200");
	}

	@Test
	void renderWithJdbcStoreAndThreeReplicasShouldCreateDeploymentWithDisruptionBudget() {
		RenderedChart chart = render("store.type", "jdbc", "replicaCount", 3, "store.jdbc.url",
				"jdbc:postgresql://postgres:5432/checkpoint", "store.jdbc.existingSecret", "checkpoint-db",
				"store.jdbc.usernameKey", "user", "store.jdbc.passwordKey", "pass");
		assertThat(chart.kinds()).contains("Deployment", "PodDisruptionBudget")
			.doesNotContain("StatefulSet", "PersistentVolumeClaim");
		JsonNode deployment = chart.one("Deployment");
		assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
		assertThat(deployment.at("/spec/volumeClaimTemplates").isMissingNode()).isTrue();
		assertThat(chart.mountPath("data")).isEmpty();
		assertThat(chart.mountPath("tmp")).contains("/tmp");

		JsonNode budget = chart.one("PodDisruptionBudget");
		assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
		assertThat(toMap(deployment.at("/spec/template/metadata/labels")))
			.containsAllEntriesOf(toMap(budget.at("/spec/selector/matchLabels")));

		assertThat(chart.configEnvironment()).containsEntry("CHECKPOINT_STORE", "jdbc")
			.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/checkpoint")
			.doesNotContainKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
		Map<String, JsonNode> env = chart.containerEnv();
		assertThat(env.get("SPRING_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef/name").asString())
			.isEqualTo("checkpoint-db");
		assertThat(env.get("SPRING_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef/key").asString()).isEqualTo("user");
		assertThat(env.get("SPRING_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asString())
			.isEqualTo("checkpoint-db");
		assertThat(env.get("SPRING_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/key").asString()).isEqualTo("pass");
	}

	@Test
	void renderWithJdbcStoreWithoutDatabaseSettingsShouldFail() {
		assertThatIllegalStateException().isThrownBy(() -> render("store.type", "jdbc"))
			.withMessageContaining("store.type=jdbc needs store.jdbc.url");
		assertThatIllegalStateException()
			.isThrownBy(() -> render("store.type", "jdbc", "store.jdbc.url", "jdbc:postgresql://postgres/checkpoint"))
			.withMessageContaining("store.type=jdbc needs store.jdbc.existingSecret");
	}

	@Test
	void renderWithFileStoreAndTwoReplicasShouldFailAndSayWhy() {
		assertThatIllegalStateException().isThrownBy(() -> render("replicaCount", 2))
			.withMessageContaining("replicaCount=2 is not supported with store.type=file")
			.withMessageContaining("its own checkpoint file")
			.withMessageContaining("store.type=jdbc");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "replicaCount, abc, '/replicaCount'", "replicaCount, 0, '/replicaCount'",
			"store.type, redis, '/store/type'", "checkpoint.onCorrupt, ignore, '/checkpoint/onCorrupt'",
			"checkpoint.file, checkpoint.yml, '/checkpoint/file'", "checkpoint.file, /checkpoint.yml, '/checkpoint/file'",
			"checkpoint.flushInterval, soon, '/checkpoint/flushInterval'",
			"checkpoint.maxUpdates, 0, '/checkpoint/maxUpdates'", "persistance.enabled, false, 'persistance'",
			"service.type, ExternalName, '/service/type'", "auth.role, admin, '/auth/role'",
			"auth.extraTokens[0].role, admin, '/auth/extraTokens/0'",
			"auth.extraTokens[0].name, 'a b', '/auth/extraTokens/0'",
			"auth.extraTokens[0].keyName, token, '/auth/extraTokens/0'", "tls.enabled, yes, '/tls/enabled'",
			"tls.secretName, x, 'secretName'", "checkpoint.maxLogs, 0, '/checkpoint/maxLogs'",
			"checkpoint.maxPendingUpdates, -1, '/checkpoint/maxPendingUpdates'",
			"store.jdbc.refreshInterval, often, '/store/jdbc/refreshInterval'",
			"checkpoint.journal, yes, '/checkpoint/journal'",
			"checkpoint.snapshotInterval, hourly, '/checkpoint/snapshotInterval'",
			"checkpoint.snapshotJournalSize, 64 megabytes, '/checkpoint/snapshotJournalSize'",
			"shutdown.snapshotSeconds, -1, '/shutdown/snapshotSeconds'" })
	void renderWithValuesBreakingTheSchemaShouldBeRejected(String key, String value, String path) {
		assertThatIllegalStateException().isThrownBy(() -> render(key, value))
			.withMessageContaining("don't meet the specifications of the schema")
			.withMessageContaining(path);
	}

	@Test
	void chartShouldShipTheDashboardAndRulesItRenders() {
		assertThat(Files.isRegularFile(MonitoringFiles.DASHBOARD)).isTrue();
		assertThat(Files.isRegularFile(MonitoringFiles.ALERT_RULES)).isTrue();
	}

	private static Map<String, Object> toMap(JsonNode node) {
		assertThat(node.isObject()).as("object: %s", node).isTrue();
		return new JsonMapper().convertValue(node, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
		});
	}

}
