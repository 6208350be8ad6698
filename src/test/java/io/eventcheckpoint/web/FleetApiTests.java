package io.eventcheckpoint.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.eventcheckpoint.support.FileStoreServerTests;
import io.eventcheckpoint.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /fleet} and {@code POST /logs/cleanup} over real HTTP, on a clock the test moves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class FleetApiTests extends FileStoreServerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String POSITION = "{\"record_number\": 1, \"timestamp\": \"2026-01-01T00:00:00Z\"}";

	static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

	@TestConfiguration
	static class FixedClock {

		@Bean
		Clock clock() {
			return CLOCK;
		}

	}

	@BeforeEach
	void forgetEverything() {
		this.checkpoints.states().keySet().forEach(this.checkpoints::delete);
		// Past every receive time handed out so far: the engine never stamps one twice.
		CLOCK.advance(Duration.ofDays(1));
	}

	@Test
	void fleetShouldGroupPerCollectorWithFirstAndLastUpdate() {
		Instant first = CLOCK.instant();
		put("host-a/Security");
		CLOCK.advance(Duration.ofMinutes(10));
		put("host-a/Application");
		put("host-b/Security");
		JsonNode fleet = json(http().get("/fleet").body());
		assertThat(fleet.at("/groups/0/prefix").asString()).isEqualTo("host-a/");
		assertThat(fleet.at("/groups/0/logs").asInt()).isEqualTo(2);
		assertThat(Instant.parse(fleet.at("/groups/0/oldest_update").asString())).isEqualTo(first);
		assertThat(Instant.parse(fleet.at("/groups/0/last_update").asString()))
			.isEqualTo(first.plus(Duration.ofMinutes(10)));
		assertThat(fleet.at("/groups/1/prefix").asString()).isEqualTo("host-b/");
		assertThat(fleet.path("groups")).hasSize(2);
		assertThat(fleet.has("next")).isFalse();
	}

	@Test
	void fleetShouldGroupByDeeperPrefixesAndPageWithCursors() {
		for (String name : List.of("dc1/a/x", "dc1/a/y", "dc1/b/x", "dc2/a/x", "dc2/c/x")) {
			put(name);
		}
		List<String> prefixes = new ArrayList<>();
		String path = "/fleet?depth=2&limit=2";
		int pages = 0;
		while (path != null) {
			var answer = http().get(path);
			assertThat(answer.statusCode()).isEqualTo(200);
			JsonNode page = json(answer.body());
			page.path("groups").forEach((group) -> prefixes.add(group.path("prefix").asString()));
			pages++;
			if (page.has("next")) {
				assertThat(answer.headers().firstValue("Link")).hasValueSatisfying(
						(link) -> assertThat(link).contains("cursor=" + page.path("next").asString()));
				path = "/fleet?depth=2&limit=2&cursor=" + page.path("next").asString();
			}
			else {
				path = null;
			}
		}
		assertThat(prefixes).containsExactly("dc1/a/", "dc1/b/", "dc2/a/", "dc2/c/");
		assertThat(pages).isEqualTo(2);
	}

	@Test
	void fleetShouldRefuseABadDepthLimitOrCursor() {
		for (String query : List.of("depth=0", "depth=x", "depth=17", "limit=0", "limit=10001", "cursor=%25%25",
				"cursor=")) {
			var answer = http().get("/fleet?" + query);
			assertThat(answer.statusCode()).as(query).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	void dryRunShouldMatchExactlyTheStaleLogsAndTheCleanUpShouldDeleteExactlyThose() throws IOException {
		put("gone-1/Security");
		put("gone-2/Security");
		put("quiet/Security");
		CLOCK.advance(Duration.ofDays(20));
		put("quiet/Security");
		CLOCK.advance(Duration.ofDays(11));
		put("busy/Security");

		String request = "{\"prefix\": \"\", \"not_updated_for\": \"P30D\", \"dry_run\": true}";
		var dryRun = http().post("/logs/cleanup", request);
		assertThat(dryRun.statusCode()).isEqualTo(200);
		JsonNode preview = json(dryRun.body());
		assertThat(preview.path("dry_run").asBoolean()).isTrue();
		assertThat(preview.path("matched").asInt()).isEqualTo(2);
		assertThat(preview.path("deleted").asInt()).isZero();
		assertThat(preview.path("names").valueStream().map(JsonNode::asString))
			.containsExactly("gone-1/Security", "gone-2/Security");
		assertThat(this.checkpoints.size()).isEqualTo(4);

		var cleanup = http().post("/logs/cleanup?durable=true", request.replace("true", "false"));
		assertThat(cleanup.statusCode()).isEqualTo(200);
		JsonNode result = json(cleanup.body());
		assertThat(result.path("dry_run").asBoolean()).isFalse();
		assertThat(result.path("matched").asInt()).isEqualTo(2);
		assertThat(result.path("deleted").asInt()).isEqualTo(2);
		assertThat(result.path("names").valueStream().map(JsonNode::asString))
			.containsExactly("gone-1/Security", "gone-2/Security");
		assertThat(this.checkpoints.states()).containsOnlyKeys("quiet/Security", "busy/Security");
		// Durable: the store (file and journal) no longer holds them.
		assertThat(YamlFileCheckpointStore.read(dataDir.resolve("checkpoint.yml")).states())
			.extracting((state) -> state.name())
			.containsExactlyInAnyOrder("busy/Security", "quiet/Security");
	}

	@Test
	void cleanUpShouldOnlyTouchNamesUnderThePrefix() {
		put("host-a/Security");
		put("host-b/Security");
		CLOCK.advance(Duration.ofHours(2));
		JsonNode result = json(http()
			.post("/logs/cleanup", "{\"prefix\": \"host-a/\", \"not_updated_for\": \"PT1H\", \"dry_run\": false}")
			.body());
		assertThat(result.path("deleted").asInt()).isEqualTo(1);
		assertThat(this.checkpoints.states()).containsOnlyKeys("host-b/Security");
	}

	@Test
	void cleanUpWithoutPrefixOrDurationShouldBeRefusedAndChangeNothing() {
		put("host-a/Security");
		CLOCK.advance(Duration.ofDays(400));
		for (String body : List.of("{\"not_updated_for\": \"P1D\", \"dry_run\": false}",
				"{\"prefix\": \"\", \"dry_run\": false}", "{\"prefix\": null, \"not_updated_for\": \"P1D\"}",
				"{\"prefix\": \"\", \"not_updated_for\": \"P1M\", \"dry_run\": false}",
				"{\"prefix\": \"\", \"not_updated_for\": \"-P1D\", \"dry_run\": false}",
				"{\"prefix\": \"\", \"not_updated_for\": \"PT0S\", \"dry_run\": false}",
				"{\"prefix\": 3, \"not_updated_for\": \"P1D\", \"dry_run\": false}",
				"{\"prefix\": \"\", \"not_updated_for\": \"P1D\", \"dry_run\": \"no\"}", "[]")) {
			var answer = http().post("/logs/cleanup", body);
			assertThat(answer.statusCode()).as(body).isEqualTo(400);
			assertThat(answer.body()).as(body).contains("Invalid request");
		}
		assertThat(this.checkpoints.states()).containsOnlyKeys("host-a/Security");
	}

	@Test
	void cleanUpWithoutDryRunShouldOnlyPreview() {
		put("host-a/Security");
		CLOCK.advance(Duration.ofDays(2));
		JsonNode result = json(http().post("/logs/cleanup", "{\"prefix\": \"\", \"not_updated_for\": \"P1D\"}").body());
		assertThat(result.path("dry_run").asBoolean()).isTrue();
		assertThat(result.path("matched").asInt()).isEqualTo(1);
		assertThat(this.checkpoints.states()).containsOnlyKeys("host-a/Security");
	}

	@Test
	void cleanUpShouldNameOnlyTheFirstThousandLogs() {
		StringBuilder batch = new StringBuilder("{\"event_logs\": [");
		for (int i = 0; i < 1500; i++) {
			batch.append((i > 0) ? "," : "").append("{\"name\": \"many/").append(String.format("%04d", i))
				.append("\", \"record_number\": 1}");
		}
		assertThat(http().post("/logs", batch.append("]}").toString()).statusCode()).isEqualTo(200);
		CLOCK.advance(Duration.ofDays(2));
		JsonNode result = json(http()
			.post("/logs/cleanup", "{\"prefix\": \"many/\", \"not_updated_for\": \"P1D\", \"dry_run\": false}")
			.body());
		assertThat(result.path("matched").asInt()).isEqualTo(1500);
		assertThat(result.path("deleted").asInt()).isEqualTo(1500);
		assertThat(result.path("names")).hasSize(1000);
		assertThat(result.at("/names/999").asString()).isEqualTo("many/0999");
	}

	@Test
	void apiDocsShouldDescribeTheFleetAndTheCleanUp() {
		JsonNode docs = json(http().get("/v3/api-docs").body());
		JsonNode fleet = docs.at("/paths/~1fleet/get");
		assertThat(fleet.path("parameters").valueStream().map((parameter) -> parameter.path("name").asString()))
			.contains("depth", "limit", "cursor");
		assertThat(fleet.path("responses").propertyNames()).contains("200", "400");
		JsonNode cleanup = docs.at("/paths/~1logs~1cleanup/post");
		assertThat(cleanup.path("parameters").valueStream().map((parameter) -> parameter.path("name").asString()))
			.contains("durable");
		assertThat(cleanup.path("responses").propertyNames()).contains("200", "400", "403", "503");
		assertThat(docs.at("/components/schemas").propertyNames()).contains("Fleet", "FleetGroup", "CleanupRequest",
				"CleanupResult");
		assertThat(docs.at("/components/schemas/CleanupRequest/required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("prefix", "not_updated_for");
		assertThat(docs.at("/components/schemas/FleetGroup/properties").propertyNames()).contains("prefix", "logs",
				"last_update", "oldest_update");
	}

	private void put(String name) {
		assertThat(http().put("/logs/" + name.replace("/", "%2F"), POSITION).statusCode()).isEqualTo(200);
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
