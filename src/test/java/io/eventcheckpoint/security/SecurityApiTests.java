package io.eventcheckpoint.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.support.HttpTestClient;
import io.eventcheckpoint.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role, scope and status over real HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityApiTests extends SecuredServer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static List<String> names(HttpResponse<String> response) {
		List<String> names = new ArrayList<>();
		JSON.readTree(response.body()).get("event_logs").forEach((state) -> names.add(state.get("name").stringValue()));
		return names;
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(status);
	}

	@Test
	void tokenScopedToHostAShouldReachOnlyHostANames() throws IOException {
		String id = unique();
		String own = "host-a/Security-" + id;
		String other = "host-b/Security-" + id;
		assertThat(as(ADMIN).put("/logs/" + other, "{\"record_number\": 1}").statusCode()).isEqualTo(200);
		HttpTestClient collector = as(COLLECTOR_A);
		assertThat(collector.put("/logs/" + own, "{\"record_number\": 7}").statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(collector.get("/logs/" + own).body()).get("record_number").asLong())
			.isEqualTo(7);
		assertProblem(collector.put("/logs/" + other, "{\"record_number\": 9}"), 403);
		assertProblem(collector.get("/logs/" + other), 403);
		assertProblem(collector.delete("/logs/" + other), 403);
		// 403 even for a name that does not exist: a scoped token learns nothing about other hosts.
		assertProblem(collector.get("/logs/host-b/missing-" + id), 403);
		assertThat(this.checkpoints.state(other).recordNumber()).isEqualTo(1);
		List<String> listed = names(collector.get("/logs"));
		assertThat(listed).contains(own).allMatch((name) -> name.startsWith("host-a/"));
		assertThat(names(collector.get("/logs?prefix=host-b/"))).isEmpty();
		assertThat(names(collector.get("/logs?prefix=" + encode(own)))).containsExactly(own);
		String yaml = collector.get("/logs", "Accept", "application/yaml").body();
		assertThat(CheckpointYaml.read(yaml.getBytes(StandardCharsets.UTF_8)).states()).isNotEmpty()
			.allMatch((state) -> state.name().startsWith("host-a/"));
		assertThat(names(as(ADMIN).get("/logs"))).contains(own, other);
		assertThat(collector.delete("/logs/" + own).statusCode()).isEqualTo(204);
	}

	@Test
	void pagesForAScopedTokenShouldHoldOnlyItsNamesAndEndWithThem() {
		String id = unique();
		for (String host : List.of("host-a/", "host-b/", "host-c/")) {
			for (int i = 0; i < 3; i++) {
				as(ADMIN).put("/logs/" + host + "Page-" + id + "-" + i, "{\"record_number\": 1}");
			}
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = JSON.readTree(as(READER_A).get("/logs?limit=2"
					+ ((cursor != null) ? "&cursor=" + cursor : "")).body());
			assertThat(page.get("event_logs").size()).isLessThanOrEqualTo(2);
			page.get("event_logs").forEach((state) -> seen.add(state.get("name").stringValue()));
			cursor = page.has("next") ? page.get("next").stringValue() : null;
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates()
			.allMatch((name) -> name.startsWith("host-a/"))
			.contains("host-a/Page-" + id + "-0", "host-a/Page-" + id + "-2");
	}

	@Test
	void scopedReadTokenShouldReadOnlyItsOwnNames() {
		String id = unique();
		as(ADMIN).put("/logs/host-a/App-" + id, "{\"record_number\": 1}");
		as(ADMIN).put("/logs/host-b/App-" + id, "{\"record_number\": 1}");
		assertThat(as(READER_A).get("/logs/host-a/App-" + id).statusCode()).isEqualTo(200);
		assertProblem(as(READER_A).get("/logs/host-b/App-" + id), 403);
		assertThat(names(as(READER_A).get("/logs"))).allMatch((name) -> name.startsWith("host-a/"));
		assertProblem(as(READER_A).put("/logs/host-a/App-" + id, "{\"record_number\": 2}"), 403);
	}

	@Test
	void batchWithOneNameOutsideThePrefixShouldApplyNothing() {
		String id = unique();
		String body = "{\"event_logs\": [{\"name\": \"host-a/x-" + id + "\", \"record_number\": 1}, "
				+ "{\"name\": \"host-b/y-" + id + "\", \"record_number\": 1}]}";
		HttpResponse<String> response = as(COLLECTOR_A).post("/logs", body);
		assertProblem(response, 403);
		assertThat(JSON.readTree(response.body()).get("errors").get(0).get("field").stringValue())
			.isEqualTo("event_logs[1].name");
		assertThat(this.checkpoints.state("host-a/x-" + id)).isNull();
		assertThat(this.checkpoints.state("host-b/y-" + id)).isNull();
		String own = "{\"event_logs\": [{\"name\": \"host-a/x-" + id + "\", \"record_number\": 1}]}";
		assertThat(as(COLLECTOR_A).post("/logs", own).statusCode()).isEqualTo(200);
	}

	@Test
	void readTokenShouldReadButNotWrite() {
		String name = "host-c/App-" + unique();
		as(ADMIN).put("/logs/" + name, "{\"record_number\": 3}");
		assertThat(as(READER).get("/logs/" + name).statusCode()).isEqualTo(200);
		assertThat(as(READER).get("/logs").statusCode()).isEqualTo(200);
		HttpResponse<String> put = as(READER).put("/logs/" + name, "{\"record_number\": 4}");
		assertProblem(put, 403);
		assertThat(put.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("insufficient_scope"));
		assertProblem(as(READER).post("/logs", "{\"event_logs\": [{\"name\": \"" + name + "\", \"record_number\": 5}]}"),
				403);
		assertProblem(as(READER).delete("/logs/" + name), 403);
		assertThat(this.checkpoints.state(name).recordNumber()).isEqualTo(3);
	}

	@Test
	void requestWithoutTokenShouldAnswer401WithABearerChallenge() {
		for (HttpResponse<String> response : List.of(http().get("/logs"), http().get("/logs/x"),
				http().put("/logs/x", "{\"record_number\": 1}"), http().delete("/logs/x"),
				http().post("/logs", "{}"), http().get("/nothing-here"))) {
			assertProblem(response, 401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"checkpoint\"");
		}
		assertThat(this.checkpoints.state("x")).isNull();
	}

	@Test
	void wrongOrMalformedTokenShouldAnswer401() {
		List<String> authorizations = List.of("Bearer wrong-secret-0123456789", "Bearer " + ADMIN + "x",
				"Bearer " + ADMIN.substring(1), "Bearer " + COLLECTOR_A_SHA256, "Basic YWRtaW46YWRtaW4=", "Bearer",
				"Bearer ", "Bearer\t" + ADMIN, "Token " + ADMIN, ADMIN, "Bearer" + ADMIN);
		for (String authorization : authorizations) {
			HttpResponse<String> response = http().get("/logs", "Authorization", authorization);
			assertProblem(response, 401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
			assertThat(response.body()).doesNotContain(ADMIN, COLLECTOR_A_SHA256);
		}
		// The scheme is case-insensitive (RFC 7235); the secret is not.
		assertThat(http().get("/logs", "Authorization", "bearer " + ADMIN).statusCode()).isEqualTo(200);
		assertThat(http().get("/logs", "Authorization", "Bearer " + ADMIN.toUpperCase()).statusCode()).isEqualTo(401);
	}

	@Test
	void tokenConfiguredByItsSha256ShouldAuthenticateWithThePlainSecret() {
		assertThat(as(COLLECTOR_A).get("/logs").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorShouldOpenProbesProtectMetricsAndDenyTheRest() {
		assertThat(http().get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(http().get("/actuator/info").statusCode()).isEqualTo(200);
		assertProblem(http().get("/actuator/prometheus"), 401);
		assertThat(as(READER).get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(as(READER_A).get("/actuator/prometheus").statusCode()).isEqualTo(200);
		for (String path : List.of("/actuator", "/actuator/env", "/actuator/heapdump", "/actuator/beans",
				"/actuator/loggers", "/actuator/shutdown")) {
			assertThat(http().get(path).statusCode()).as(path).isEqualTo(401);
			assertProblem(as(ADMIN).get(path), 403);
		}
		assertThat(http().get("/v3/api-docs").statusCode()).isEqualTo(200);
		assertThat(http().get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
	}

	@Test
	void apiDocsShouldDescribeBearerAuthentication() {
		JsonNode docs = JSON.readTree(http().get("/v3/api-docs").body());
		assertThat(docs.get("components").get("securitySchemes").get("bearerAuth").get("scheme").stringValue())
			.isEqualTo("bearer");
		JsonNode put = docs.get("paths").get("/logs/{name}").get("put");
		assertThat(put.get("security").get(0).has("bearerAuth")).isTrue();
		assertThat(put.get("responses").has("401")).isTrue();
		assertThat(put.get("responses").has("403")).isTrue();
		assertThat(put.get("responses").has("409")).isTrue();
	}

	@Test
	void answersShouldNeverCreateASession() {
		HttpResponse<String> response = as(ADMIN).get("/logs");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(http().get("/logs").headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void rewindsAndDeletesShouldBeAuditedWithTheTokenNameAndNoSecret(CapturedOutput output) {
		String name = "host-a/Audit-" + unique();
		as(COLLECTOR_A).put("/logs/" + name, "{\"record_number\": 10}");
		as(COLLECTOR_A).put("/logs/" + name, "{\"record_number\": 11}");
		as(COLLECTOR_A).put("/logs/" + name, "{\"record_number\": 5}");
		as(ADMIN).post("/logs", "{\"event_logs\": [{\"name\": \"" + name + "\", \"record_number\": 2}]}");
		as(ADMIN).delete("/logs/" + name);
		List<String> audit = output.getOut()
			.lines()
			.filter((line) -> line.contains("io.eventcheckpoint.audit") || line.contains("i.eventcheckpoint.audit"))
			.filter((line) -> line.contains(name))
			.toList();
		assertThat(audit).hasSize(3);
		assertThat(audit.get(0)).contains("INFO")
			.contains("action=rewind token=collector-a log=\"" + name + "\" old_record_number=11 new_record_number=5");
		assertThat(audit.get(1))
			.contains("action=rewind token=admin log=\"" + name + "\" old_record_number=5 new_record_number=2");
		assertThat(audit.get(2))
			.contains("action=delete token=admin log=\"" + name + "\" old_record_number=2 new_record_number=none");
		assertThat(output.getAll()).doesNotContain(ADMIN, COLLECTOR_A, READER, READER_A);
	}

	@Test
	void namesWithYamlSpecialCharactersShouldRoundTripThroughTheFile() throws IOException {
		String id = unique();
		List<String> names = Stream.of(": colon", "# hash", "'single'", "\"double\"", "- dash", "? question",
				"& anchor", "* alias", "! tag", "| block", "> folded", "% percent", "@ at", "` tick", "{brace}",
				"[bracket]", ", comma", "key: value", "a #comment", "yes", "no", "null", "~", "true", "0x1F", "1e3",
				"0777", "123", " leading", "trailing ", "tab\tinside", "--- document", "... end", "back\\slash",
				"\u00e9t\u00e9 \u65e5\u672c \ud83d\ude00", "a\u2028b", "\ufeffbom")
			.map((name) -> name.contains("\t") ? name.replace("\t", " ") : name)
			.map((name) -> "host-y/" + id + "/" + name)
			.toList();
		StringBuilder body = new StringBuilder("{\"event_logs\": [");
		for (int i = 0; i < names.size(); i++) {
			body.append((i > 0) ? "," : "")
				.append("{\"name\": ")
				.append(JSON.writeValueAsString(names.get(i)))
				.append(", \"record_number\": ")
				.append(i + 1)
				.append("}");
		}
		HttpResponse<String> response = as(ADMIN).post("/logs?durable=true", body.append("]}").toString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, EventLogState> onDisk = YamlFileCheckpointStore.read(DATA_DIR.resolve("checkpoint.yml"))
			.states()
			.stream()
			.collect(Collectors.toMap(EventLogState::name, (state) -> state));
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			assertThat(onDisk).as(name).containsKey(name);
			assertThat(onDisk.get(name).recordNumber()).isEqualTo(i + 1);
			if (!name.contains("\u2028")) {
				HttpResponse<String> read = as(ADMIN).get("/logs/" + encode(name));
				assertThat(read.statusCode()).as(name).isEqualTo(200);
				assertThat(JSON.readTree(read.body()).get("name").stringValue()).isEqualTo(name);
			}
		}
	}

	@Test
	void pathTraversalNameShouldOnlyBeANameAndCreateNoFile() throws IOException {
		String name = "../../etc/passwd";
		String encoded = "..%2F..%2Fetc%2Fpasswd";
		HttpResponse<String> put = as(ADMIN).put("/logs/" + encoded + "?durable=true", "{\"record_number\": 1}");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		assertThat(JSON.readTree(as(ADMIN).get("/logs/" + encoded).body()).get("name").stringValue()).isEqualTo(name);
		// The raw form is not normalized away into another path: it is refused.
		assertThat(as(ADMIN).put("/logs/../../etc/passwd", "{\"record_number\": 1}").statusCode()).isBetween(400, 499);
		assertThat(as(ADMIN).put("/logs/%2E%2E/%2E%2E/etc/passwd", "{\"record_number\": 1}").statusCode())
			.isBetween(400, 499);
		assertThat(files()).isNotEmpty()
			.allMatch((file) -> file.getFileName().toString().matches("\\.?checkpoint\\.yml(\\.prev|\\.tmp|\\.lock|\\.journal\\.[0-9a-f]{16})?"));
		assertThat(Files.exists(DATA_DIR.resolve(name))).isFalse();
		assertThat(Files.exists(DATA_DIR.getParent().resolve("etc"))).isFalse();
		assertThat(as(ADMIN).delete("/logs/" + encoded).statusCode()).isEqualTo(204);
	}

	@Test
	void slowClientShouldBeDisconnectedAfterTheConnectionTimeout() throws IOException {
		// server.tomcat.connection-timeout=2s here: a client that stops sending mid-body is cut off.
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /logs/host-a/slow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN
					+ "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"record")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readAllBytes();
			String text = new String(answer, StandardCharsets.ISO_8859_1);
			// 408 Request Timeout (or a bare close); never a stored position.
			assertThat(text.isEmpty() || text.startsWith("HTTP/1.1 408")).as(text).isTrue();
		}
		assertThat(this.checkpoints.state("host-a/slow")).isNull();
	}

	@Test
	void malformedQueryStringShouldAnswer400NotUnavailable() {
		// java.net.URI cannot even hold these; Tomcat refuses them when parameters are first read.
		for (String query : List.of("?prefix=%ZZ", "?prefix=%", "?durable=%G1")) {
			RawHttp.Response response = RawHttp.exchange(this.port, ("GET /logs" + query
					+ " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		}
	}

	@Test
	void acceptThatRefusesJsonShouldAnswer406BeforeWriting() {
		String name = "host-a/Accept-" + unique();
		HttpResponse<String> response = as(ADMIN).put("/logs/" + name, "{\"record_number\": 1}", "Accept",
				"text/html");
		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(this.checkpoints.state(name)).isNull();
		assertThat(as(ADMIN).post("/logs", "{\"event_logs\": [{\"name\": \"" + name + "\", \"record_number\": 1}]}",
				"Accept", "application/yaml").statusCode()).isEqualTo(406);
		assertThat(this.checkpoints.state(name)).isNull();
	}

	@Test
	void formBodyOnAWriteShouldBeRefusedWithout500() {
		RawHttp.Response response = RawHttp.exchange(this.port, ("PUT /logs/host-a/form HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Bearer " + ADMIN + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
				+ "Content-Length: 5\r\nConnection: close\r\n\r\na=%ZZ").getBytes(StandardCharsets.US_ASCII));
		assertThat(response.status()).isEqualTo(415);
	}

	private static List<Path> files() throws IOException {
		try (Stream<Path> walk = Files.walk(DATA_DIR)) {
			return walk.filter(Files::isRegularFile).toList();
		}
	}

}
