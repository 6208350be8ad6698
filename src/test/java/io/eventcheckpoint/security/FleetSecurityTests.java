package io.eventcheckpoint.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens on {@code GET /fleet} and {@code POST /logs/cleanup}: the read role and the token's scope
 * filter the fleet; a clean-up needs the write role and a scope that covers its whole prefix.
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetSecurityTests extends SecuredServer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String POSITION = "{\"record_number\": 1}";

	private static List<String> prefixes(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> prefixes = new ArrayList<>();
		JSON.readTree(response.body()).get("groups").forEach((group) -> prefixes.add(group.get("prefix").asString()));
		return prefixes;
	}

	@Test
	void fleetShouldNeedTheReadRoleAndShowOnlyGroupsInTheTokensScope() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		as(ADMIN).put("/logs/host-a%2FFleet-" + suffix, POSITION);
		as(ADMIN).put("/logs/host-b%2FFleet-" + suffix, POSITION);
		assertThat(http().get("/fleet").statusCode()).isEqualTo(401);
		assertThat(prefixes(as(READER).get("/fleet"))).contains("host-a/", "host-b/");
		assertThat(prefixes(as(READER_A).get("/fleet"))).containsExactly("host-a/");
		assertThat(prefixes(as(COLLECTOR_A).get("/fleet?depth=2"))).allMatch((prefix) -> prefix.startsWith("host-a/"));
	}

	@Test
	void cleanUpShouldNeedTheWriteRoleAndAScopeCoveringThePrefix() {
		String body = "{\"prefix\": \"%s\", \"not_updated_for\": \"P365D\", \"dry_run\": false}";
		assertThat(as(READER).post("/logs/cleanup", body.formatted("host-a/")).statusCode()).isEqualTo(403);
		assertThat(as(READER_A).post("/logs/cleanup", body.formatted("host-a/")).statusCode()).isEqualTo(403);
		for (String outside : List.of("", "host-b/", "host-", "host-a")) {
			HttpResponse<String> answer = as(COLLECTOR_A).post("/logs/cleanup", body.formatted(outside));
			assertThat(answer.statusCode()).as(outside).isEqualTo(403);
			assertThat(answer.body()).contains("prefix");
		}
		assertThat(as(COLLECTOR_A).post("/logs/cleanup", body.formatted("host-a/")).statusCode()).isEqualTo(200);
		assertThat(as(COLLECTOR_A).post("/logs/cleanup", body.formatted("host-a/x/")).statusCode()).isEqualTo(200);
	}

	@Test
	void cleanUpShouldBeAuditedWithTheTokenName(CapturedOutput output) {
		as(COLLECTOR_A).post("/logs/cleanup", "{\"prefix\": \"host-a/Audit\", \"not_updated_for\": \"P30D\"}");
		assertThat(output.getOut().lines().filter((line) -> line.contains("action=cleanup")))
			.anySatisfy((line) -> assertThat(line).contains("token=collector-a prefix=\"host-a/Audit\" "
					+ "not_updated_for=PT720H dry_run=true matched=0 deleted=0"));
	}

}
