package io.eventcheckpoint.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.support.HttpTestClient;
import io.eventcheckpoint.support.InMemoryCheckpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit over real HTTP at its boundary: the limit is accepted, one more is refused with
 * problem details, and a refused request changes nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "checkpoint.max-logs=5", "checkpoint.max-pending-updates=20", "checkpoint.api.max-batch-size=3",
				"checkpoint.api.max-name-length=16", "checkpoint.api.max-request-size=2KB",
				"checkpoint.flush-interval=1h", "checkpoint.max-updates=100000", "checkpoint.shutdown-timeout=2s" })
class LimitsApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	@Autowired
	CheckpointEngine checkpoints;

	@Autowired
	InMemoryCheckpointStore store;

	private HttpTestClient http;

	HttpTestClient http() {
		if (this.http == null) {
			this.http = new HttpTestClient(this.port);
		}
		return this.http;
	}

	@BeforeEach
	@AfterEach
	void emptyAndHealthy() {
		this.store.failing(false);
		this.checkpoints.states().keySet().forEach(this.checkpoints::delete);
		this.checkpoints.flush(Duration.ofSeconds(10));
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void newNameAtTheLogLimitShouldBeAcceptedAndTheNextAnswered409() {
		for (int i = 1; i <= 5; i++) {
			assertThat(http().put("/logs/n" + i, "{\"record_number\": 1}").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> refused = http().put("/logs/n6", "{\"record_number\": 1}");
		assertProblem(refused, 409);
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.get("type").stringValue()).isEqualTo("urn:problem:checkpoint:too-many-logs");
		assertThat(problem.get("detail").stringValue()).contains("checkpoint.max-logs", "5");
		assertThat(http().get("/logs/n6").statusCode()).isEqualTo(404);
		// Tracked names still update; a batch with one new name applies nothing.
		assertThat(http().put("/logs/n1", "{\"record_number\": 2}").statusCode()).isEqualTo(200);
		assertProblem(http().post("/logs",
				"{\"event_logs\": [{\"name\": \"n1\", \"record_number\": 3}, {\"name\": \"n6\", \"record_number\": 3}]}"),
				409);
		assertThat(this.checkpoints.state("n1").recordNumber()).isEqualTo(2);
		assertThat(this.checkpoints.size()).isEqualTo(5);
		assertThat(http().delete("/logs/n2").statusCode()).isEqualTo(204);
		assertThat(http().put("/logs/n6", "{\"record_number\": 1}").statusCode()).isEqualTo(200);
	}

	@Test
	void writesWhileTheStoreFailsShouldStopAtThePendingLimitWith503AndRetryAfter() {
		this.store.failing(true);
		int accepted = 0;
		HttpResponse<String> refused = null;
		for (int i = 1; i <= 1000 && refused == null; i++) {
			HttpResponse<String> response = http().put("/logs/n" + (i % 5), "{\"record_number\": " + i + "}");
			if (response.statusCode() == 200) {
				accepted++;
			}
			else {
				refused = response;
			}
		}
		assertThat(accepted).isEqualTo(20);
		assertProblem(refused, 503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(JSON.readTree(refused.body()).get("detail").stringValue())
			.contains("checkpoint.max-pending-updates")
			.doesNotContain("disk full", dir.toString());
		// Memory stays bounded: every further write is refused and nothing more is queued.
		for (int i = 0; i < 50; i++) {
			assertProblem(http().put("/logs/n" + (i % 5), "{\"record_number\": 9999}"), 503);
			assertProblem(http().post("/logs", "{\"event_logs\": [{\"name\": \"other\", \"record_number\": 1}]}"), 503);
			assertProblem(http().delete("/logs/n1"), 503);
			assertThat(this.checkpoints.pendingUpdates()).isEqualTo(20);
		}
		assertThat(this.checkpoints.state("n0").recordNumber()).isEqualTo(20);
		assertThat(this.checkpoints.state("other")).isNull();
		this.store.failing(false);
		this.checkpoints.flush(Duration.ofSeconds(10));
		assertThat(http().put("/logs/n1", "{\"record_number\": 1}").statusCode()).isEqualTo(200);
	}

	@Test
	void batchAtTheSizeLimitShouldBeAcceptedAndOneMoreAnswered400() {
		assertThat(http().post("/logs", batch(3)).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = http().post("/logs", batch(4));
		assertProblem(refused, 400);
		assertThat(refused.body()).contains("checkpoint.api.max-batch-size");
		assertThat(this.checkpoints.state("b4")).isNull();
	}

	@Test
	void nameAtTheLengthLimitShouldBeAcceptedAndOneLongerAnswered400() {
		assertThat(http().put("/logs/" + "n".repeat(16), "{\"record_number\": 1}").statusCode()).isEqualTo(200);
		assertProblem(http().put("/logs/" + "n".repeat(17), "{\"record_number\": 1}"), 400);
		assertProblem(http().post("/logs", "{\"event_logs\": [{\"name\": \"" + "m".repeat(17) + "\", \"record_number\": 1}]}"),
				400);
		// Characters, not bytes: 16 three-byte characters fit.
		assertThat(http().put("/logs/" + LogsApiTests.encode("\u65e5".repeat(16)), "{\"record_number\": 1}")
			.statusCode()).isEqualTo(200);
		assertThat(this.checkpoints.states()).containsOnlyKeys("n".repeat(16), "\u65e5".repeat(16));
	}

	@Test
	void bodyAtTheSizeLimitShouldBeAcceptedAndOneByteMoreAnswered413() {
		assertThat(put("/logs/exact", body(2048), false).statusCode()).isEqualTo(200);
		assertProblem(put("/logs/over", body(2049), false), 413);
		// Streamed in chunks, without a declared length: the same limit.
		assertThat(put("/logs/exact-chunked", body(2048), true).statusCode()).isEqualTo(200);
		assertProblem(put("/logs/over-chunked", body(2049), true), 413);
		assertThat(this.checkpoints.states()).containsOnlyKeys("exact", "exact-chunked");
	}

	private HttpResponse<String> put(String path, byte[] body, boolean chunked) {
		return chunked ? http().putChunked(path, body) : http().send("PUT", path, body, "Content-Type", "application/json");
	}

	/** A valid position of exactly this many bytes. */
	private static byte[] body(int bytes) {
		String head = "{\"record_number\": 1, \"bookmark\": \"";
		String tail = "\"}";
		return (head + "x".repeat(bytes - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
	}

	private static String batch(int size) {
		StringBuilder body = new StringBuilder("{\"event_logs\": [");
		for (int i = 1; i <= size; i++) {
			body.append((i > 1) ? "," : "").append("{\"name\": \"b").append(i).append("\", \"record_number\": 1}");
		}
		return body.append("]}").toString();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		@Primary
		InMemoryCheckpointStore failingStore() {
			return new InMemoryCheckpointStore("failing-test-store").failureMessage("disk full at " + dir);
		}

	}

}
