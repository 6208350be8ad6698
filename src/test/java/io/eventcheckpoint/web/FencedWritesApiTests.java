package io.eventcheckpoint.web;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.eventcheckpoint.support.FileStoreServerTests;
import io.eventcheckpoint.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fenced writes over real HTTP with {@code checkpoint.api.backward-moves=reject}: ETags and
 * preconditions (412), backward moves (409) and rewinds, epochs, batches that apply nothing, and
 * lease tokens after release and after expiry on a clock the test moves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "checkpoint.api.backward-moves=reject")
@ExtendWith(OutputCaptureExtension.class)
class FencedWritesApiTests extends FileStoreServerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

	@TestConfiguration
	static class MovedClock {

		@Bean
		Clock clock() {
			return CLOCK;
		}

	}

	private static String unique() {
		return "f" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String position(long recordNumber) {
		return "{\"record_number\": " + recordNumber + "}";
	}

	private static String position(long epoch, long recordNumber) {
		return "{\"record_number\": " + recordNumber + ", \"epoch\": " + epoch + "}";
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private static String etag(HttpResponse<String> response) {
		return response.headers().firstValue("ETag").orElseThrow();
	}

	private long recordNumber(String name) {
		return this.checkpoints.state(name).recordNumber();
	}

	@Test
	void getAndPutShouldAnswerTheVersionAsETagAndInTheJson() {
		String name = unique();
		HttpResponse<String> put = http().put("/logs/" + name, position(1));
		assertThat(put.statusCode()).isEqualTo(200);
		assertThat(etag(put)).matches("\"[1-9][0-9]*\"");
		assertThat("\"" + json(put).path("version").asString() + "\"").isEqualTo(etag(put));
		HttpResponse<String> get = http().get("/logs/" + name);
		assertThat(etag(get)).isEqualTo(etag(put));
		HttpResponse<String> again = http().put("/logs/" + name, position(2));
		assertThat(Long.parseLong(etag(again).replace("\"", ""))).isGreaterThan(Long.parseLong(etag(put).replace("\"", "")));
	}

	@Test
	void ifMatchAndIfNoneMatchShouldAnswer412AndChangeNothing() {
		String name = unique();
		assertThat(http().put("/logs/" + name, position(1), "If-None-Match", "*").statusCode()).isEqualTo(200);
		String etag = etag(http().get("/logs/" + name));
		HttpResponse<String> exists = http().put("/logs/" + name, position(2), "If-None-Match", "*");
		assertThat(exists.statusCode()).isEqualTo(412);
		assertThat(exists.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(etag(exists)).isEqualTo(etag);
		assertThat(http().put("/logs/" + name, position(2), "If-Match", "\"999999\"").statusCode()).isEqualTo(412);
		assertThat(http().delete("/logs/" + name, "If-Match", "\"999999\"").statusCode()).isEqualTo(412);
		assertThat(recordNumber(name)).isEqualTo(1);
		HttpResponse<String> matched = http().put("/logs/" + name, position(2), "If-Match", etag);
		assertThat(matched.statusCode()).isEqualTo(200);
		assertThat(http().put("/logs/" + name, position(3), "If-Match", etag).statusCode()).isEqualTo(412);
		assertThat(http().delete("/logs/" + name, "If-Match", etag(matched)).statusCode()).isEqualTo(204);
	}

	@Test
	void malformedPreconditionsAndHugeEpochsShouldAnswer400AndChangeNothing() {
		String name = unique();
		http().put("/logs/" + name, position(5));
		for (String ifMatch : List.of("17", "W/\"1\"", "\"1\", \"2\"", "\"x\"", "\"\"", "*", "\"99999999999999999999999\"")) {
			assertThat(http().put("/logs/" + name, position(6), "If-Match", ifMatch).statusCode()).as(ifMatch)
				.isEqualTo(400);
		}
		assertThat(http().put("/logs/" + name, position(6), "If-None-Match", "\"1\"").statusCode()).isEqualTo(400);
		for (String epoch : List.of("18446744073709551616", "-1", "1.5", "\"x\"", "true")) {
			assertThat(http().put("/logs/" + name, "{\"record_number\": 6, \"epoch\": " + epoch + "}").statusCode())
				.as(epoch)
				.isEqualTo(400);
		}
		assertThat(recordNumber(name)).isEqualTo(5);
	}

	@Test
	void backwardMoveShouldAnswer409WithTheStoredPositionAndRewindShouldBeAudited(CapturedOutput output) {
		String name = unique();
		http().put("/logs/" + name, position(100));
		HttpResponse<String> refused = http().put("/logs/" + name, position(99));
		assertThat(refused.statusCode()).isEqualTo(409);
		JsonNode problem = json(refused);
		assertThat(problem.path("stored_record_number").asString()).isEqualTo("100");
		assertThat(problem.path("stored_epoch").asString()).isEqualTo("0");
		assertThat(recordNumber(name)).isEqualTo(100);
		// A cleared log: the collector bumps the epoch and starts again at 1.
		assertThat(http().put("/logs/" + name, position(1, 1)).statusCode()).isEqualTo(200);
		assertThat(json(http().get("/logs/" + name)).path("epoch").asString()).isEqualTo("1");
		assertThat(http().put("/logs/" + name, position(0, 5000)).statusCode()).isEqualTo(409);
		assertThat(http().put("/logs/" + name + "?rewind=true", position(0, 50)).statusCode()).isEqualTo(200);
		assertThat(recordNumber(name)).isEqualTo(50);
		assertThat(output.getOut().lines().filter((line) -> line.contains("action=rewind") && line.contains(name)))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("old_record_number=1 new_record_number=50"));
	}

	@Test
	void batchWithOneRefusedEntryShouldApplyNothing() {
		String a = unique();
		String b = unique();
		http().put("/logs/" + a, position(10));
		String etagB = etag(http().put("/logs/" + b, position(10)));
		String backward = "{\"event_logs\": [{\"name\": \"" + a + "\", \"record_number\": 11}, {\"name\": \"" + b
				+ "\", \"record_number\": 9}]}";
		assertThat(http().post("/logs", backward).statusCode()).isEqualTo(409);
		String stale = "{\"event_logs\": [{\"name\": \"" + a + "\", \"record_number\": 11}, {\"name\": \"" + b
				+ "\", \"record_number\": 12, \"if_match\": \"999999\"}]}";
		assertThat(http().post("/logs", stale).statusCode()).isEqualTo(412);
		assertThat(recordNumber(a)).isEqualTo(10);
		assertThat(recordNumber(b)).isEqualTo(10);
		String fresh = "{\"event_logs\": [{\"name\": \"" + a + "\", \"record_number\": 11}, {\"name\": \"" + b
				+ "\", \"record_number\": 12, \"if_match\": " + etagB + "}]}";
		assertThat(http().post("/logs", fresh).statusCode()).isEqualTo(200);
		assertThat(recordNumber(b)).isEqualTo(12);
	}

	@Test
	void leaseShouldFenceWritesAndItsTokenShouldStopWorkingAfterReleaseAndExpiry() {
		String prefix = unique() + "/";
		String name = prefix + "Security";
		String path = "/logs/" + name.replace("/", "%2F");
		String token = json(http().put("/leases/" + prefix, "{\"holder\": \"vm-1\", \"ttl_seconds\": 60}"))
			.path("token")
			.asString();
		HttpResponse<String> without = http().put(path, position(1));
		assertThat(without.statusCode()).isEqualTo(409);
		assertThat(json(without).path("prefix").asString()).isEqualTo(prefix);
		assertThat(http().put(path, position(1), "X-Lease-Token", "not-it").statusCode()).isEqualTo(409);
		assertThat(http().put(path, position(1), "X-Lease-Token", token).statusCode()).isEqualTo(200);
		String batch = "{\"event_logs\": [{\"name\": \"" + name + "\", \"record_number\": 2}]}";
		assertThat(http().post("/logs", batch).statusCode()).isEqualTo(409);
		assertThat(http().post("/logs", batch, "X-Lease-Token", token).statusCode()).isEqualTo(200);
		assertThat(http().delete(path).statusCode()).isEqualTo(409);

		assertThat(http().delete("/leases/" + prefix, "X-Lease-Token", token).statusCode()).isEqualTo(204);
		assertThat(http().put(path, position(3), "X-Lease-Token", token).statusCode()).isEqualTo(409);
		assertThat(http().put(path, position(3)).statusCode()).isEqualTo(200);

		String second = json(http().put("/leases/" + prefix, "{\"holder\": \"vm-2\", \"ttl_seconds\": 60}"))
			.path("token")
			.asString();
		assertThat(second).isNotEqualTo(token);
		CLOCK.advance(Duration.ofSeconds(60));
		assertThat(http().put(path, position(4), "X-Lease-Token", second).statusCode()).isEqualTo(409);
		assertThat(http().put(path, position(4)).statusCode()).isEqualTo(200);
		assertThat(recordNumber(name)).isEqualTo(4);
	}

}
