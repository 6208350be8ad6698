package io.eventcheckpoint.monitoring;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushFailedException;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.eventcheckpoint.support.BrokenDataDirectory;
import io.eventcheckpoint.support.HttpTestClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The {@code checkpointStore} health indicator and the probe groups over real HTTP, with a real
 * file store whose directory is taken away and given back.
 * <p>
 * {@link BrokenDataDirectory} makes the store fail.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "checkpoint.flush-interval=1s", "checkpoint.health.max-consecutive-failures=2",
				"management.endpoint.health.show-details=always" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class CheckpointHealthEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final JsonMapper json = new JsonMapper();

	private static Path root;

	@LocalServerPort
	int port;

	@Autowired
	CheckpointEngine checkpoints;

	@DynamicPropertySource
	static void checkpointFile(DynamicPropertyRegistry registry) throws IOException {
		root = Files.createTempDirectory("checkpoint-health");
		registry.add("checkpoint.file", () -> dataDirectory().resolve("checkpoint.yml").toString());
	}

	private static Path dataDirectory() {
		return root.resolve("data");
	}

	@AfterEach
	void giveTheDirectoryBack() throws IOException {
		BrokenDataDirectory.restore(dataDirectory());
	}

	@AfterAll
	static void deleteTheDirectory() throws IOException {
		FileSystemUtils.deleteRecursively(root);
	}

	private Answer get(String path) {
		HttpResponse<String> response = new HttpTestClient(this.port).get(path);
		return new Answer(response.statusCode(), response.body());
	}

	@Test
	void failingStoreShouldTurnHealthAndReadinessDownButNotLivenessAndRecoveryShouldTurnThemUp(CapturedOutput output)
			throws Exception {
		String file = dataDirectory().resolve("checkpoint.yml").toAbsolutePath().toString();
		assertThat(output).contains("Loaded 0 event logs from file:" + file)
			.contains("max-updates=100, flush-interval=PT1S, on-corrupt=FAIL");
		Answer healthy = get("/actuator/health");
		assertThat(healthy.status()).isEqualTo(200);
		JsonNode store = healthy.json().at("/components/checkpointStore");
		assertThat(store.path("status").asString()).isEqualTo("UP");
		assertThat(store.at("/details/store").asString())
			.isEqualTo("file:" + dataDirectory().resolve("checkpoint.yml").toAbsolutePath());
		assertThat(store.at("/details/pendingUpdates").asLong()).isZero();

		BrokenDataDirectory.breakIt(dataDirectory());
		this.checkpoints.persist("Application", 42, OffsetDateTime.now());
		assertThatExceptionOfType(FlushFailedException.class)
			.isThrownBy(() -> this.checkpoints.flush(Duration.ofSeconds(5)));
		Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(get("/actuator/health").status()).isEqualTo(503));
		JsonNode down = get("/actuator/health").json();
		assertThat(down.path("status").asString()).isEqualTo("DOWN");
		assertThat(down.at("/components/checkpointStore/status").asString()).isEqualTo("DOWN");
		JsonNode details = down.at("/components/checkpointStore/details");
		assertThat(details.path("pendingUpdates").asLong()).isEqualTo(1);
		assertThat(details.path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(details.path("reason").asString()).contains("flushes in a row failed");
		assertThat(details.path("lastError").asString()).startsWith("FileSystemException: ")
			.contains("Not a directory")
			.doesNotContain("\n")
			.doesNotContain("\tat ");
		assertThat(get("/actuator/health/readiness").status()).isEqualTo(503);
		assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(output).containsPattern("ERROR .*Flush of 1 updates to file:" + Pattern.quote(file)
				+ " failed \\(1 in a row\\), retrying in 200 ms: java.io.IOException: Journal segment .* is gone");
		assertThat(get("/actuator/prometheus").body())
			.containsPattern("checkpoint_flush_seconds_count\\{outcome=\"failure\",trigger=\"durable\"} [1-9]")
			.contains("checkpoint_updates_pending 1.0");

		BrokenDataDirectory.restore(dataDirectory());
		Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(get("/actuator/health").status()).isEqualTo(200));
		JsonNode recovered = get("/actuator/health").json().at("/components/checkpointStore/details");
		assertThat(recovered.path("pendingUpdates").asLong()).isZero();
		assertThat(recovered.path("consecutiveFailures").asInt()).isZero();
		assertThat(recovered.has("lastError")).isFalse();
		assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(YamlFileCheckpointStore.read(dataDirectory().resolve("checkpoint.yml")).states())
			.extracting(EventLogState::name, EventLogState::recordNumber)
			.containsExactly(tuple("Application", 42L));
	}

	private record Answer(int status, String body) {

		JsonNode json() {
			return CheckpointHealthEndpointTests.json.readTree(this.body);
		}

	}

}
