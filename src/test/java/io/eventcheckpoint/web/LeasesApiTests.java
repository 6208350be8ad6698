package io.eventcheckpoint.web;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.eventcheckpoint.engine.Lease;
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
 * {@code /leases} over real HTTP on a clock the test moves: grant, renewal, conflicts, release,
 * expiry, and hostile input that must change nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LeasesApiTests extends FileStoreServerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

	@TestConfiguration
	static class MovedClock {

		@Bean
		Clock clock() {
			return CLOCK;
		}

	}

	@BeforeEach
	void expireEveryLease() {
		// Leases last at most a day: two days later none is live.
		CLOCK.advance(Duration.ofDays(2));
	}

	private HttpResponse<String> acquire(String prefix, String holder, long ttl) {
		return http().put("/leases/" + prefix, "{\"holder\": \"" + holder + "\", \"ttl_seconds\": " + ttl + "}");
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	@Test
	void acquireShouldGrantATokenAndRenewKeepIt() {
		HttpResponse<String> granted = acquire("host-a/", "vm-1", 30);
		assertThat(granted.statusCode()).isEqualTo(200);
		JsonNode lease = json(granted);
		assertThat(lease.path("prefix").asString()).isEqualTo("host-a/");
		assertThat(lease.path("holder").asString()).isEqualTo("vm-1");
		assertThat(Instant.parse(lease.path("expires_at").asString())).isEqualTo(CLOCK.instant().plusSeconds(30));
		String token = lease.path("token").asString();
		CLOCK.advance(Duration.ofSeconds(20));
		JsonNode renewed = json(acquire("host-a/", "vm-1", 30));
		assertThat(renewed.path("token").asString()).isEqualTo(token);
		assertThat(Instant.parse(renewed.path("expires_at").asString())).isEqualTo(CLOCK.instant().plusSeconds(30));
		assertThat(json(http().get("/leases")).path("leases").valueStream().map((each) -> each.path("prefix").asString()))
			.containsExactly("host-a/");
	}

	@Test
	void anotherHolderShouldGet409WhileTheLeaseIsLiveAndANewTokenAfterItExpires() {
		String first = json(acquire("host-b/", "vm-1", 30)).path("token").asString();
		HttpResponse<String> refused = acquire("host-b/", "vm-2", 30);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(acquire("host-b/sub/", "vm-2", 30).statusCode()).isEqualTo(409);
		CLOCK.advance(Duration.ofSeconds(30));
		HttpResponse<String> taken = acquire("host-b/", "vm-2", 30);
		assertThat(taken.statusCode()).isEqualTo(200);
		assertThat(json(taken).path("token").asString()).isNotEqualTo(first);
	}

	@Test
	void releaseShouldNeedTheCurrentToken() {
		String token = json(acquire("host-c/", "vm-1", 30)).path("token").asString();
		assertThat(http().delete("/leases/host-c/").statusCode()).isEqualTo(400);
		assertThat(http().delete("/leases/host-c/", "X-Lease-Token", "nope").statusCode()).isEqualTo(409);
		assertThat(http().delete("/leases/host-c/", "X-Lease-Token", token).statusCode()).isEqualTo(204);
		assertThat(http().delete("/leases/host-c/", "X-Lease-Token", token).statusCode()).isEqualTo(404);
		assertThat(this.checkpoints.leases().live()).extracting(Lease::prefix).doesNotContain("host-c/");
	}

	@Test
	void hostileLeaseRequestsShouldGet4xxAndChangeNothing() {
		for (String body : List.of("{\"holder\": \"vm\", \"ttl_seconds\": 0}", "{\"holder\": \"vm\", \"ttl_seconds\": -5}",
				"{\"holder\": \"vm\", \"ttl_seconds\": 86401}", "{\"holder\": \"vm\", \"ttl_seconds\": 1e30}",
				"{\"holder\": \"vm\", \"ttl_seconds\": 99999999999999999999999}",
				"{\"holder\": \"vm\", \"ttl_seconds\": \"30\"}", "{\"holder\": \"vm\"}", "{\"ttl_seconds\": 30}",
				"{\"holder\": \"\", \"ttl_seconds\": 30}", "{\"holder\": 3, \"ttl_seconds\": 30}", "[]")) {
			HttpResponse<String> answer = http().put("/leases/host-d/", body);
			assertThat(answer.statusCode()).as(body).isEqualTo(400);
		}
		assertThat(this.checkpoints.leases().live()).extracting(Lease::prefix).doesNotContain("host-d/");
	}

}
