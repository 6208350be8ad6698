package io.eventcheckpoint.monitoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.support.HttpTestClient;
import io.eventcheckpoint.support.RequiredTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service shows through Actuator over real HTTP: the endpoints exposed, the meters'
 * Prometheus names and tags, and an exposition that {@code promtool} can parse.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrometheusEndpointTests {

	/** Log names a URI tag must never contain: every one would be a new series. */
	private static final List<String> NAMES = List.of("Microsoft-Windows-Sysmon/Operational",
			"Windows PowerShell", "host-a/Security", "Überwachung", "Application");

	/** One line of the text exposition: name, labels, value. */
	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	@TempDir
	static Path dataDir;

	@LocalServerPort
	int port;

	@Autowired
	CheckpointEngine checkpoints;

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> dataDir.resolve("checkpoint.yml").toString());
	}

	private HttpTestClient http() {
		return new HttpTestClient(this.port);
	}

	private void traffic() {
		for (String name : NAMES) {
			String path = "/logs/" + encode(name);
			assertThat(http().put(path + "?durable=true", "{\"record_number\": 42, \"timestamp\": \"2026-01-01T00:00:00Z\"}")
				.statusCode()).isEqualTo(200);
			assertThat(http().get(path).statusCode()).isEqualTo(200);
		}
		assertThat(http().put("/logs/Microsoft-Windows-Sysmon/Operational",
				"{\"record_number\": 43, \"timestamp\": \"2026-01-01T00:00:00Z\"}")
			.statusCode()).isEqualTo(200);
		assertThat(http().get("/logs/host-a%2FMissing").statusCode()).isEqualTo(404);
		assertThat(http().put("/logs/Application", "{\"record_number\": -1}").statusCode()).isEqualTo(400);
		assertThat(http().get("/logs?prefix=host-a/").statusCode()).isEqualTo(200);
		assertThat(http().delete("/logs/Application").statusCode()).isEqualTo(204);
		assertThat(http().get("/no/such/Application").statusCode()).isEqualTo(404);
	}

	private static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private String scrape() {
		HttpResponse<String> response = http().get("/actuator/prometheus", "Accept", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/** Every sample of the exposition as name to the label sets it was seen with. */
	private static Map<String, Set<Map<String, String>>> samples(String exposition) {
		Map<String, Set<Map<String, String>>> samples = new TreeMap<>();
		for (String line : exposition.lines().toList()) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			assertThat(sample.matches()).as(line).isTrue();
			Map<String, String> labels = new TreeMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.computeIfAbsent(sample.group(1), (key) -> new HashSet<>()).add(labels);
		}
		return samples;
	}

	@Test
	void actuatorShouldExposeOnlyHealthInfoAndPrometheus() {
		for (String exposed : List.of("health", "info", "prometheus")) {
			assertThat(http().get("/actuator/" + exposed).statusCode()).as(exposed).isEqualTo(200);
		}
		// The security filter chain denies every other actuator path, the links page included (403 when the
		// service runs open, as here; 401/403 with tokens, see SecurityApiTests).
		for (String hidden : List.of("", "env", "heapdump", "threaddump", "beans", "configprops", "loggers", "metrics",
				"shutdown")) {
			HttpResponse<String> response = http().get("/actuator/" + hidden);
			assertThat(response.statusCode()).as(hidden).isEqualTo(403);
			assertThat(response.body()).as(hidden).doesNotContain("_links");
		}
	}

	@Test
	void healthShouldHideDetailsFromAnonymousCallersButKeepTheProbes() {
		HttpResponse<String> health = http().get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("checkpointStore").doesNotContain("file:");
		assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void checkpointMetersShouldHaveTheirPrometheusNamesAndOnlyOutcomeAndTriggerTags() {
		traffic();
		Map<String, Set<Map<String, String>>> samples = samples(scrape());
		assertThat(samples).containsKeys("checkpoint_flush_seconds_bucket", "checkpoint_flush_seconds_count",
				"checkpoint_flush_seconds_sum", "checkpoint_flush_seconds_max", "checkpoint_updates_total",
				"checkpoint_updates_pending", "checkpoint_logs", "checkpoint_flush_size_bytes_count",
				"checkpoint_flush_size_bytes_sum", "checkpoint_flush_size_bytes_max",
				"checkpoint_last_flush_timestamp_seconds", "checkpoint_store_recoveries_total");
		Set<Map<String, String>> flushes = samples.get("checkpoint_flush_seconds_count");
		assertThat(flushes).hasSize(8);
		for (String outcome : List.of("success", "failure")) {
			for (String trigger : List.of("max_updates", "interval", "durable", "shutdown")) {
				assertThat(flushes).contains(Map.of("outcome", outcome, "trigger", trigger));
			}
		}
		samples.forEach((name, labelSets) -> {
			if (name.startsWith("checkpoint_")) {
				labelSets.forEach((labels) -> assertThat(labels.keySet()).as(name)
					.isSubsetOf("outcome", "trigger", "le"));
			}
		});
		String exposition = scrape();
		assertThat(exposition).contains("checkpoint_updates_total " + (double) this.checkpoints.acceptedUpdates())
			.contains("checkpoint_logs " + (double) this.checkpoints.size())
			.containsPattern("checkpoint_flush_seconds_count\\{outcome=\"success\",trigger=\"durable\"} [1-9]");
	}

	@Test
	void httpRequestsShouldBeTaggedWithUriTemplatesNeverWithLogNames() {
		traffic();
		Set<String> uris = new TreeSet<>();
		samples(scrape()).getOrDefault("http_server_requests_seconds_count", Set.of())
			.forEach((labels) -> uris.add(labels.get("uri")));
		assertThat(uris).contains("/logs/{*name}", "/logs");
		for (String uri : uris) {
			assertThat(uri).as("uri tag").matches("/logs|/logs/\\{\\*name}|/actuator(/.*)?|/\\*\\*|UNKNOWN|NOT_FOUND|REDIRECTION|root");
			for (String name : NAMES) {
				assertThat(uri).doesNotContain(name).doesNotContain(encode(name));
			}
		}
	}

	@Test
	void promtoolShouldFindNoParseErrorInTheExposition() throws Exception {
		Path promtool = RequiredTools.require("promtool");
		traffic();
		byte[] exposition = scrape().getBytes(StandardCharsets.UTF_8);
		Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(exposition);
		}
		String output = readAll(process.getInputStream());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
		// 0: clean; 3: lint findings only (Micrometer leaves some meters without HELP); 1: parse error.
		assertThat(process.exitValue()).as("promtool check metrics exit code; output:%n%s", output).isIn(0, 3);
		assertThat(output).as("lint findings about our own meters").doesNotContain("checkpoint_");
	}

	private static String readAll(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toString(StandardCharsets.UTF_8);
	}

}
