package io.eventcheckpoint.web;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventcheckpoint.support.HttpTestClient;
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
 * {@code GET /logs?limit=N}: pages in Go's name order, linked by cursors that visit every name
 * exactly once while other requests write and delete.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LogsPagingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

	@TempDir
	static Path dataDir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> dataDir.resolve("checkpoint.yml").toString());
		registry.add("checkpoint.flush-interval", () -> "1h");
	}

	@Test
	void followingNextLinksShouldVisitEveryNameOnceInGoOrderWhileOthersWriteAndDelete() {
		String prefix = "p" + UUID.randomUUID().toString().substring(0, 6) + "/";
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			names.add(prefix + String.format("%02d", i));
		}
		// U+E000 sorts before a supplementary character in Go's (UTF-8) order, after it in UTF-16 order.
		names.add(prefix + "z\uE000");
		names.add(prefix + "z\uD83D\uDE00");
		names.add(prefix + "z with space/and slash");
		names.forEach((name) -> put(name));
		List<String> seen = new ArrayList<>();
		String link = "/logs?limit=4&prefix=" + LogsApiTests.encode(prefix);
		int pages = 0;
		while (link != null) {
			HttpResponse<String> page = http().get(link);
			assertThat(page.statusCode()).isEqualTo(200);
			JsonNode body = JSON.readTree(page.body());
			assertThat(body.get("event_logs").size()).isLessThanOrEqualTo(4);
			body.get("event_logs").forEach((state) -> seen.add(state.get("name").stringValue()));
			link = page.headers().firstValue("Link").map(this::target).orElse(null);
			assertThat(body.has("next")).isEqualTo(link != null);
			if (link != null) {
				assertThat(link).contains("cursor=" + body.get("next").stringValue());
			}
			if (pages == 1) {
				// Between pages: a name already seen is deleted, one behind the cursor and one ahead are added.
				assertThat(http().delete("/logs/" + LogsApiTests.encode(prefix + "00")).statusCode()).isEqualTo(204);
				put(prefix + "000");
				put(prefix + "zz-late");
			}
			pages++;
		}
		List<String> expected = new ArrayList<>(names);
		expected.add(prefix + "zz-late");
		assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(sorted(expected));
		assertThat(pages).isEqualTo(8);
	}

	@Test
	void pageShouldStartStrictlyAfterADeletedCursorName() {
		String prefix = "d" + UUID.randomUUID().toString().substring(0, 6) + "/";
		put(prefix + "a");
		put(prefix + "b");
		put(prefix + "c");
		HttpResponse<String> first = http().get("/logs?limit=1&prefix=" + prefix);
		String next = JSON.readTree(first.body()).get("next").stringValue();
		http().delete("/logs/" + prefix + "a");
		JsonNode second = JSON.readTree(http().get("/logs?limit=5&prefix=" + prefix + "&cursor=" + next).body());
		assertThat(second.get("event_logs").valueStream().map((state) -> state.get("name").stringValue()))
			.containsExactly(prefix + "b", prefix + "c");
		assertThat(second.has("next")).isFalse();
	}

	@Test
	void limitOutsideOneToTenThousandOrAForeignCursorShouldAnswer400() {
		assertThat(http().get("/logs?limit=0").statusCode()).isEqualTo(400);
		assertThat(http().get("/logs?limit=10001").statusCode()).isEqualTo(400);
		assertThat(http().get("/logs?limit=10000").statusCode()).isEqualTo(200);
		assertThat(http().get("/logs?limit=2&cursor=not*base64").statusCode()).isEqualTo(400);
	}

	@Test
	void yamlExportShouldPageWithTheSameLinks() {
		String prefix = "y" + UUID.randomUUID().toString().substring(0, 6) + "/";
		put(prefix + "a");
		put(prefix + "b");
		HttpResponse<String> page = http().get("/logs?limit=1&prefix=" + prefix, "Accept", "application/yaml");
		assertThat(page.headers().firstValue("Content-Type")).hasValue("application/yaml");
		assertThat(page.body()).contains("- name: " + prefix + "a\n").doesNotContain(prefix + "b");
		assertThat(page.headers().firstValue("Link")).isPresent();
	}

	private List<String> sorted(List<String> names) {
		String[] array = names.toArray(new String[0]);
		io.eventcheckpoint.engine.NameOrder.sort(array);
		return List.of(array);
	}

	private String target(String link) {
		Matcher matcher = NEXT.matcher(link);
		assertThat(matcher.matches()).as(link).isTrue();
		return matcher.group(1);
	}

	private void put(String name) {
		assertThat(http().put("/logs/" + LogsApiTests.encode(name), "{\"record_number\": \"1\"}").statusCode())
			.isEqualTo(200);
	}

	private HttpTestClient http() {
		return new HttpTestClient(this.port);
	}

}
