package io.eventcheckpoint.web;

import io.eventcheckpoint.support.HttpTestClient;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint over real HTTP against a running server. Subclasses run the same tests on
 * another store.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LogsApiTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path dataDir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> dataDir.resolve("checkpoint.yml").toString());
		registry.add("checkpoint.flush-interval", () -> "1h");
		registry.add("checkpoint.max-updates", () -> "100000");
	}

	HttpTestClient http() {
		return new HttpTestClient(this.port);
	}

	/**
	 * The state as the store holds it durably, read around the service.
	 * @param name the event log's name
	 * @return the stored state, or {@code null}
	 */
	EventLogState durableState(String name) throws IOException {
		return YamlFileCheckpointStore.read(dataDir.resolve("checkpoint.yml"))
			.states()
			.stream()
			.filter((state) -> state.name().equals(name))
			.findFirst()
			.orElse(null);
	}

	static String unique() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	@Test
	void putShouldStoreAndAnswerTheStoredPosition() {
		String name = unique() + "/Security";
		HttpResponse<String> response = http().put("/logs/" + name,
				"{\"record_number\": 18446744073709551615, \"timestamp\": \"2026-11-24T10:00:00.123456789+05:30\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		String version = response.headers().firstValue("ETag").orElseThrow().replace("\"", "");
		assertThat(response.body()).isEqualTo("{\"name\":\"" + name + "\",\"record_number\":\"18446744073709551615\","
				+ "\"timestamp\":\"2026-11-24T10:00:00.123456789+05:30\",\"version\":\"" + version + "\"}");
		assertThat(json(http().get("/logs/" + name)).get("record_number").stringValue())
			.isEqualTo("18446744073709551615");
	}

	@Test
	void putAndGetShouldAnswerWithAContentLengthNotChunked() {
		String name = unique();
		for (HttpResponse<String> response : List.of(http().put("/logs/" + name, "{\"record_number\": 7}"),
				http().get("/logs/" + name))) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
			assertThat(response.headers().firstValueAsLong("Content-Length"))
				.hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
			assertThat(json(response).get("record_number").stringValue()).isEqualTo("7");
		}
	}

	@Test
	void putShouldAcceptRecordNumberAsNumberOrDecimalStringAndAnswerADecimalString() {
		String name = unique();
		HttpResponse<String> response = http().put("/logs/" + name, "{\"record_number\": \"9007199254740993\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"record_number\":\"9007199254740993\",");
		response = http().put("/logs/" + name, "{\"record_number\": 9007199254740993}");
		assertThat(response.body()).contains("\"record_number\":\"9007199254740993\",");
	}

	@Test
	void putWithoutTimestampShouldUseTheReceiveTime() {
		String name = unique();
		OffsetDateTime before = OffsetDateTime.now();
		HttpResponse<String> response = http().put("/logs/" + name, "{\"record_number\": 1}");
		OffsetDateTime after = OffsetDateTime.now();
		OffsetDateTime timestamp = OffsetDateTime.parse(json(response).get("timestamp").stringValue());
		assertThat(timestamp).isBetween(before, after);
	}

	@Test
	void putShouldStoreAndReturnTheBookmark() throws IOException {
		String name = unique();
		String bookmark = "<BookmarkList>\r\n  <Bookmark Channel='Application' RecordId='7'/>\r\n</BookmarkList>";
		HttpResponse<String> response = http().put("/logs/" + name + "?durable=true",
				JSON.writeValueAsString(Map.of("record_number", 7, "bookmark", bookmark)));
		assertThat(json(response).get("bookmark").stringValue()).isEqualTo(bookmark);
		assertThat(json(http().get("/logs/" + name)).get("bookmark").stringValue()).isEqualTo(bookmark);
		assertThat(durableState(name).bookmark()).isEqualTo(bookmark);
	}

	@Test
	void namesWithSlashesSpacesAndUnicodeShouldRoundTripExactly() {
		String prefix = unique();
		List<String> names = List.of(prefix + "/Microsoft-Windows-Sysmon/Operational", prefix + "/Windows PowerShell",
				prefix + "/Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
				prefix + "/アプリケーション ログ", prefix + "/../../etc/passwd", prefix + "/a: b #c 'd' \"e\"",
				prefix + "/😀 - leading dash", prefix + "/100%");
		long recordNumber = 1;
		for (String name : names) {
			// The raw slash and %2F address the same name; so does an encoded space or UTF-8.
			String raw = "/logs/" + encode(name).replace("%2F", "/").replace("%2E%2E", "..");
			String encoded = "/logs/" + encode(name);
			if (!name.contains("..")) {
				assertThat(http().put(raw, "{\"record_number\": " + recordNumber + "}").statusCode()).as(raw)
					.isEqualTo(200);
				assertThat(json(http().get(encoded)).get("record_number").asLong()).isEqualTo(recordNumber);
			}
			recordNumber++;
			assertThat(http().put(encoded, "{\"record_number\": " + recordNumber + "}").statusCode()).as(encoded)
				.isEqualTo(200);
			assertThat(json(http().get(encoded)).get("name").stringValue()).isEqualTo(name);
			if (!name.contains("..")) {
				assertThat(json(http().get(raw)).get("record_number").asLong()).isEqualTo(recordNumber);
			}
		}
		JsonNode listed = json(http().get("/logs?prefix=" + prefix));
		List<String> listedNames = new ArrayList<>();
		listed.get("event_logs").forEach((state) -> listedNames.add(state.get("name").stringValue()));
		assertThat(listedNames).containsExactlyInAnyOrderElementsOf(names);
	}

	@Test
	void getUnknownNameShouldAnswer404Problem() {
		HttpResponse<String> response = http().get("/logs/" + unique());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("status").asInt()).isEqualTo(404);
	}

	@Test
	void deleteShouldForgetTheLogAndAnswer404ForUnknownNames() throws IOException {
		String name = unique() + "/Application";
		http().put("/logs/" + name + "?durable=true", "{\"record_number\": 5}");
		assertThat(durableState(name)).isNotNull();
		assertThat(http().delete("/logs/" + name + "?durable=true").statusCode()).isEqualTo(204);
		assertThat(http().get("/logs/" + name).statusCode()).isEqualTo(404);
		assertThat(durableState(name)).isNull();
		assertThat(http().delete("/logs/" + name).statusCode()).isEqualTo(404);
	}

	@Test
	void batchShouldApplyEveryPositionAndAnswerTheCount() {
		String prefix = unique();
		String body = "{\"event_logs\": [" + "{\"name\": \"" + prefix + "/a\", \"record_number\": 1},"
				+ "{\"name\": \"" + prefix + "/b\", \"record_number\": \"18446744073709551615\", "
				+ "\"timestamp\": \"2017-12-05T15:16:31.1188124+05:30\"}]}";
		HttpResponse<String> response = http().post("/logs", body);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"applied\":2}");
		assertThat(json(http().get("/logs/" + prefix + "/b")).get("timestamp").stringValue())
			.isEqualTo("2017-12-05T15:16:31.1188124+05:30");
	}

	@Test
	void batchWithOneInvalidPositionShouldApplyNothingAndNameTheField() {
		String prefix = unique();
		String body = "{\"event_logs\": [" + "{\"name\": \"" + prefix + "/a\", \"record_number\": 1},"
				+ "{\"name\": \"" + prefix + "/b\", \"record_number\": -1}]}";
		HttpResponse<String> response = http().post("/logs", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("errors").get(0).get("field").stringValue())
			.isEqualTo("event_logs[1].record_number");
		assertThat(http().get("/logs/" + prefix + "/a").statusCode()).isEqualTo(404);
	}

	@Test
	void durableBatchShouldBeInTheStoreWhenAnswered() throws IOException {
		String prefix = unique();
		String body = "{\"event_logs\": [{\"name\": \"" + prefix + "/a\", \"record_number\": 11}]}";
		assertThat(http().post("/logs?durable=true", body).statusCode()).isEqualTo(200);
		assertThat(durableState(prefix + "/a").recordNumber()).isEqualTo(11);
	}

	@Test
	void durablePutShouldBeInTheStoreWhenAnswered() throws IOException {
		String name = unique();
		http().put("/logs/" + name, "{\"record_number\": 1}");
		assertThat(durableState(name)).isNull();
		assertThat(http().put("/logs/" + name + "?durable=true", "{\"record_number\": 2}").statusCode())
			.isEqualTo(200);
		assertThat(durableState(name).recordNumber()).isEqualTo(2);
	}

	@Test
	void durableShouldTakeEverySpellingOfABooleanThatSpringTakes() throws IOException {
		String name = unique();
		assertThat(http().put("/logs/" + name + "?durable=", "{\"record_number\": 1}").statusCode()).isEqualTo(200);
		assertThat(durableState(name)).as("empty: the default, false").isNull();
		assertThat(http().put("/logs/" + name + "?durable=on", "{\"record_number\": 2}").statusCode()).isEqualTo(200);
		assertThat(durableState(name).recordNumber()).isEqualTo(2);
		assertThat(http().put("/logs/" + name + "?durable=false", "{\"record_number\": 3}").statusCode())
			.isEqualTo(200);
		assertThat(durableState(name).recordNumber()).isEqualTo(2);
		assertThat(http().put("/logs/" + name + "?durable=YES", "{\"record_number\": 4}").statusCode()).isEqualTo(200);
		assertThat(durableState(name).recordNumber()).isEqualTo(4);
	}

	@Test
	void repeatedIfMatchHeadersShouldBeReadAsOneListAndRefused() {
		String name = unique();
		HttpResponse<String> created = http().put("/logs/" + name, "{\"record_number\": 1}");
		String etag = created.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> response = http().put("/logs/" + name, "{\"record_number\": 2}", "If-Match", etag,
				"If-Match", etag);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("If-Match");
		assertThat(json(http().get("/logs/" + name)).get("record_number").stringValue()).isEqualTo("1");
	}

	@Test
	void listShouldBeSortedByNameFilteredByPrefixAndCarryUpdateTime() {
		String prefix = unique();
		for (String suffix : List.of("c", "a", "B", "b")) {
			http().put("/logs/" + prefix + "/" + suffix + "?durable=true", "{\"record_number\": 1}");
		}
		http().put("/logs/other-" + prefix, "{\"record_number\": 1}");
		JsonNode listed = json(http().get("/logs?prefix=" + prefix + "/"));
		assertThat(listed.get("update_time").isString()).isTrue();
		List<String> names = new ArrayList<>();
		listed.get("event_logs").forEach((state) -> names.add(state.get("name").stringValue()));
		assertThat(names).containsExactly(prefix + "/B", prefix + "/a", prefix + "/b", prefix + "/c");
	}

	@Test
	void listAsYamlShouldBeACheckpointFileWithTheSameStates() throws IOException {
		String prefix = unique();
		http().put("/logs/" + prefix + "/x", "{\"record_number\": 18446744073709551615, "
				+ "\"timestamp\": \"2017-12-05T15:16:31.1188124+05:30\"}");
		http().put("/logs/" + prefix + "/123", "{\"record_number\": 3}");
		HttpResponse<String> yaml = http().get("/logs?prefix=" + prefix, "Accept", "application/yaml");
		assertThat(yaml.statusCode()).isEqualTo(200);
		assertThat(yaml.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/yaml"));
		assertThat(yaml.body()).contains("event_logs:\n- name: " + prefix + "/123\n  record_number: 3\n");
		Map<String, EventLogState> fromYaml = CheckpointYaml.read(yaml.body().getBytes(StandardCharsets.UTF_8))
			.states()
			.stream()
			.collect(Collectors.toMap(EventLogState::name, (state) -> state));
		assertThat(fromYaml.get(prefix + "/x").recordNumberString()).isEqualTo("18446744073709551615");
		assertThat(fromYaml.get(prefix + "/x").timestamp())
			.isEqualTo(OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30"));
		assertThat(fromYaml).hasSize(2);
	}

	@Test
	void bodyOverTheLimitShouldAnswer413() {
		byte[] big = ("{\"record_number\": 1, \"bookmark\": \"" + "x".repeat(1024 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = http().send("PUT", "/logs/" + unique(), big, "Content-Type",
				"application/json");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void apiDocsShouldDescribeEveryEndpointParameterAndError() {
		HttpResponse<String> response = http().get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode docs = json(response);
		JsonNode logs = docs.get("paths").get("/logs");
		JsonNode log = docs.get("paths").get("/logs/{name}");
		assertThat(logs.has("get")).isTrue();
		assertThat(logs.has("post")).isTrue();
		assertThat(log.has("get")).isTrue();
		assertThat(log.has("put")).isTrue();
		assertThat(log.has("delete")).isTrue();
		assertThat(docs.get("paths").has("/error")).isFalse();
		assertThat(parameterNames(logs.get("get"))).contains("prefix");
		assertThat(parameterNames(logs.get("post"))).contains("durable");
		assertThat(parameterNames(log.get("put"))).contains("name", "durable");
		assertThat(parameterNames(log.get("delete"))).contains("name", "durable");
		assertThat(fieldNames(log.get("put").get("responses"))).contains("200", "400", "413", "415", "503");
		assertThat(fieldNames(logs.get("post").get("responses"))).contains("200", "400", "413", "415", "503");
		assertThat(fieldNames(log.get("get").get("responses"))).contains("200", "404");
		assertThat(fieldNames(log.get("delete").get("responses"))).contains("204", "404");
		assertThat(fieldNames(docs.get("components").get("schemas"))).contains("Problem", "PositionUpdate",
				"BatchUpdate", "BatchResult", "EventLogState", "EventLogs");
		assertThat(http().get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void malformedRequestsShouldAnswer4xxWithProblemDetailsAndChangeNothing() {
		String target = unique();
		assertThat(http().put("/logs/" + target, "{\"record_number\": 7}").statusCode()).isEqualTo(200);
		List<MalformedRequest> cases = MalformedRequest.all(target);
		assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
		String before = http().get("/logs").body();
		org.assertj.core.api.SoftAssertions softly = new org.assertj.core.api.SoftAssertions();
		for (MalformedRequest request : cases) {
			HttpResponse<String> response = http().send(request.method(), request.path(), request.body(),
					request.headers());
			softly.assertThat(response.statusCode()).as(request.toString()).isBetween(400, 499);
			softly.assertThat(response.body()).as(request + " leaks internals")
				.doesNotContainIgnoringCase("exception")
				.doesNotContain("at io.", "at org.", "at java.", "/tmp/", dataDir.toString());
			if (request.expectProblem()) {
				softly.assertThat(response.headers().firstValue("Content-Type")).as(request.toString())
					.hasValue("application/problem+json");
			}
		}
		softly.assertThat(http().get("/logs").body()).as("state after all malformed requests").isEqualTo(before);
		softly.assertAll();
	}

	private static List<String> parameterNames(JsonNode operation) {
		List<String> names = new ArrayList<>();
		operation.get("parameters").forEach((parameter) -> names.add(parameter.get("name").stringValue()));
		return names;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}
