package io.eventcheckpoint.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.support.BrokenDataDirectory;
import io.eventcheckpoint.support.HttpTestClient;
import io.eventcheckpoint.support.RequiredTools;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server scrapes the running service every second; every PromQL expression of the
 * Grafana dashboard and of the alert rules that the Helm chart ships is run through its HTTP API
 * and must parse and return data.
 * <p>
 * An alert expression is a condition: while it is false it returns nothing. Instead of stripping
 * the comparisons, the scenario makes every condition true, which also proves that each alert fires
 * when it should: the service starts from a torn checkpoint file and recovers the last good copy,
 * written two hours ago (a store recovery, no successful flush for two hours, and the collectors of
 * its two logs, which stopped two hours ago, are stale); then its store
 * fails while collectors keep sending (failing flushes, more than 1,000 pending updates). Prometheus
 * also loads the rules file itself, and every alert must become active. Then the store comes back,
 * and every dashboard query must return data, the flush latency quantiles a number.
 * <p>
 * Without a {@code prometheus} binary the test skips, unless {@code CHECKPOINT_REQUIRE_INFRA} or
 * {@code checkpoint.require-infra} is true (CI): then it fails.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "checkpoint.flush-interval=1s")
@TestInstance(Lifecycle.PER_CLASS)
@DirtiesContext
class PrometheusQueriesTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final OffsetDateTime TWO_HOURS_AGO = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);

	private static final String POSITION = "{\"record_number\": 42, \"timestamp\": \"2026-01-01T00:00:00Z\"}";

	private static final JsonMapper json = new JsonMapper();

	private static Path root;

	@LocalServerPort
	int port;

	@Autowired
	CheckpointEngine checkpoints;

	private Process prometheus;

	private String prometheusUrl;

	private Path prometheusLog;

	private ScheduledExecutorService traffic;

	@DynamicPropertySource
	static void recoveredCheckpointFile(DynamicPropertyRegistry registry) throws IOException {
		root = Files.createTempDirectory("checkpoint-prometheus");
		Path data = Files.createDirectories(root.resolve("data"));
		try (var writer = Files.newBufferedWriter(data.resolve("checkpoint.yml.prev"))) {
			CheckpointYaml.write(writer, TWO_HOURS_AGO,
					List.of(new EventLogState("Application", 41, TWO_HOURS_AGO),
							new EventLogState("Security", 7, TWO_HOURS_AGO)));
		}
		// NUL bytes: what a crash in the middle of a non-atomic write leaves.
		Files.write(data.resolve("checkpoint.yml"), new byte[64]);
		registry.add("checkpoint.file", () -> data.resolve("checkpoint.yml").toString());
	}

	private static Path dataDirectory() {
		return root.resolve("data");
	}

	@BeforeAll
	void startPrometheus() throws Exception {
		Path binary = RequiredTools.require("prometheus");
		int prometheusPort = freePort();
		Path config = root.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: checkpoint-service
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(MonitoringFiles.ALERT_RULES.toAbsolutePath(), this.port));
		this.prometheusLog = root.resolve("prometheus.log");
		this.prometheusUrl = "http://127.0.0.1:" + prometheusPort;
		this.prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + root.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(this.prometheusLog.toFile())
			.start();
		Awaitility.await("Prometheus ready; log: " + this.prometheusLog)
			.atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> this.prometheus.isAlive() && get(this.prometheusUrl + "/-/ready").statusCode() == 200);
	}

	@AfterAll
	void stopPrometheus() throws Exception {
		stopTraffic();
		if (this.prometheus != null) {
			this.prometheus.destroy();
			if (!this.prometheus.waitFor(10, TimeUnit.SECONDS)) {
				this.prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		BrokenDataDirectory.restore(dataDirectory());
		FileSystemUtils.deleteRecursively(root);
	}

	@Test
	void everyAlertShouldFireWhileTheStoreFailsAndEveryDashboardQueryShouldReturnDataOnceItRecovers()
			throws Exception {
		Map<String, String> alerts = MonitoringFiles.alertExpressions();
		Map<String, String> dashboard = MonitoringFiles.dashboardExpressions();
		assertThat(alerts).containsKeys("CheckpointFlushFailing", "CheckpointNoRecentFlush",
				"CheckpointPendingTooHigh", "CheckpointCollectorStale");
		assertThat(dashboard).hasSizeGreaterThanOrEqualTo(10);

		BrokenDataDirectory.breakIt(dataDirectory());
		HttpTestClient http = new HttpTestClient(this.port);
		assertThat(http.post("/logs", batch(1100)).statusCode()).isEqualTo(200);
		startTraffic(http);
		Awaitility.await("every alert expression returns data")
			.atMost(WAIT)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(withoutData(alerts)).isEmpty());
		Awaitility.await("Prometheus evaluates every alert rule without error and each is active")
			.atMost(WAIT)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> {
				assertThat(ruleErrors()).isEmpty();
				assertThat(activeAlerts()).containsAll(alerts.keySet());
			});

		BrokenDataDirectory.restore(dataDirectory());
		Awaitility.await("a durable write succeeds again")
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(http.put("/logs/after-recovery?durable=true", POSITION).statusCode())
				.isEqualTo(200));
		Awaitility.await("every dashboard expression returns data")
			.atMost(WAIT)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> {
				assertThat(withoutData(dashboard)).isEmpty();
				assertThat(query("histogram_quantile(0.99, sum by (le) "
						+ "(rate(checkpoint_flush_seconds_bucket{outcome=\"success\"}[5m])))")).singleElement()
					.satisfies((sample) -> assertThat(sample.at("/value/1").asString()).isNotEqualTo("NaN"));
			});
		// The collectors that stopped stay the stalest while the others report.
		assertThat(query(dashboard.get("Stalest collectors / A")).subList(0, 2))
			.extracting((sample) -> sample.at("/metric/collector").asString())
			.containsExactlyInAnyOrder("Application", "Security");
		Set<String> outcomes = new TreeSet<>();
		query(dashboard.get("Flush rate by outcome / A"))
			.forEach((sample) -> outcomes.add(sample.at("/metric/outcome").asString()));
		assertThat(outcomes).containsExactly("failure", "success");
		stopTraffic();
		this.checkpoints.flush(Duration.ofSeconds(10));
	}

	private static String batch(int size) {
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			entries.add("{\"name\": \"host-" + i + "/Security\", \"record_number\": " + i
					+ ", \"timestamp\": \"2026-01-01T00:00:00Z\"}");
		}
		return "{\"event_logs\": [" + String.join(",", entries) + "]}";
	}

	/**
	 * Collectors at work: writes, reads, a read of a missing log (404) and a durable write (503
	 * while the store fails).
	 */
	private void startTraffic(HttpTestClient http) {
		AtomicInteger tick = new AtomicInteger();
		this.traffic = Executors.newSingleThreadScheduledExecutor();
		this.traffic.scheduleWithFixedDelay(() -> {
			try {
				int i = tick.incrementAndGet();
				http.put("/logs/collector-" + (i % 10) + "/Application", POSITION);
				http.get("/logs/collector-0/Application");
				http.get("/logs/collector-missing/Application");
				http.get("/logs?prefix=collector-");
				if (i % 5 == 0) {
					http.put("/logs/collector-durable?durable=true", POSITION);
				}
			}
			catch (RuntimeException ex) {
				// Keep going: an exception would cancel the schedule.
			}
		}, 0, 200, TimeUnit.MILLISECONDS);
	}

	private void stopTraffic() throws InterruptedException {
		if (this.traffic != null) {
			this.traffic.shutdownNow();
			this.traffic.awaitTermination(30, TimeUnit.SECONDS);
			this.traffic = null;
		}
	}

	/** The expressions that fail to parse or return no data, with what Prometheus answered. */
	private Map<String, String> withoutData(Map<String, String> expressions) {
		Map<String, String> missing = new LinkedHashMap<>();
		expressions.forEach((name, expr) -> {
			JsonNode answer = queryAnswer(expr);
			if (!"success".equals(answer.path("status").asString())) {
				missing.put(name, expr + " -> " + answer.path("error").asString());
			}
			else if (answer.at("/data/result").isEmpty()) {
				missing.put(name, expr + " -> no data");
			}
		});
		return missing;
	}

	private List<JsonNode> query(String expr) {
		JsonNode answer = queryAnswer(expr);
		assertThat(answer.path("status").asString()).as(expr + " -> " + answer).isEqualTo("success");
		return answer.at("/data/result").valueStream().toList();
	}

	private JsonNode queryAnswer(String expr) {
		return json.readTree(get(this.prometheusUrl + "/api/v1/query?query="
				+ URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
	}

	private Set<String> activeAlerts() {
		Set<String> active = new TreeSet<>();
		json.readTree(get(this.prometheusUrl + "/api/v1/alerts").body())
			.at("/data/alerts")
			.forEach((alert) -> active.add(alert.at("/labels/alertname").asString()));
		return active;
	}

	private Map<String, String> ruleErrors() {
		Map<String, String> errors = new LinkedHashMap<>();
		json.readTree(get(this.prometheusUrl + "/api/v1/rules").body())
			.at("/data/groups")
			.forEach((group) -> group.path("rules").forEach((rule) -> {
				if (!"ok".equals(rule.path("health").asString())) {
					errors.put(rule.path("name").asString(),
							rule.path("health").asString() + ": " + rule.path("lastError").asString());
				}
			}));
		return errors;
	}

	private static HttpResponse<String> get(String url) {
		return new HttpTestClient(url).get("");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
