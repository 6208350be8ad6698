package io.eventcheckpoint.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.eventcheckpoint.client.CheckpointRefusedException.InvalidPositionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The client against the real service jar, started as a process.
 */
class CheckpointClientIT {

	private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 11, 24, 10, 0, 0, 123456789,
			ZoneOffset.ofHoursMinutes(5, 30));

	@TempDir
	static Path dataDir;

	static ServiceProcess service;

	@BeforeAll
	static void startService() throws IOException {
		service = ServiceProcess.start(dataDir);
	}

	@AfterAll
	static void stopService() throws IOException {
		service.close();
	}

	private static CheckpointClient.Builder client() {
		return CheckpointClient.builder(service.uri()).maxUpdates(100_000).flushInterval(Duration.ofHours(1));
	}

	private static String unique() {
		return "c" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void persistsBetweenFlushesShouldKeepTheLatestPerNameAndGoInOnePost() throws Exception {
		String prefix = unique() + "/";
		long posts = service.requests("POST", 200);
		try (CheckpointClient client = client().build()) {
			for (int round = 1; round <= 3; round++) {
				for (int i = 0; i < 500; i++) {
					client.persist(prefix + i, round * 1000L + i, TIME);
				}
			}
			client.flush();
			await().untilAsserted(() -> assertThat(service.requests("POST", 200)).isEqualTo(posts + 1));
			Map<String, EventLogState> states = client.states();
			for (int i = 0; i < 500; i++) {
				assertThat(states.get(prefix + i).recordNumber()).isEqualTo(3000L + i);
			}
		}
		assertThat(service.requests("POST", 200)).isEqualTo(posts + 1);
	}

	@Test
	void maxUpdatesNamesShouldBeSentWithoutWaitingForTheInterval() throws Exception {
		String prefix = unique() + "/";
		try (CheckpointClient client = client().maxUpdates(10).build()) {
			for (int i = 0; i < 10; i++) {
				client.persist(prefix + i, i, TIME);
			}
			await().untilAsserted(() -> assertThat(service.get("/logs?prefix=" + prefix).body())
				.contains(prefix + "9"));
		}
	}

	@Test
	void positionsShouldRoundTripExactly() {
		String name = unique() + "/Microsoft-Windows-Sysmon/Operational ü 😀";
		try (CheckpointClient client = client().build()) {
			client.persist(name, -1L, TIME, "<BookmarkList/>");
			client.flush();
			EventLogState state = client.states().get(name);
			assertThat(state).isEqualTo(new EventLogState(name, -1L, TIME, "<BookmarkList/>"));
			assertThat(state.recordNumberString()).isEqualTo("18446744073709551615");
		}
	}

	@Test
	void refusedPositionShouldRaiseATypedExceptionOnceAndKeepTheOthers() throws Exception {
		String good = unique() + "/good";
		long refusals = service.requests("POST", 400);
		try (CheckpointClient client = client().build()) {
			client.persist("x".repeat(2000), 1, TIME);
			client.persist(good, 2, TIME);
			assertThatExceptionOfType(InvalidPositionException.class).isThrownBy(client::flush)
				.satisfies((ex) -> {
					assertThat(ex.status()).isEqualTo(400);
					assertThat(ex.errors()).extracting(CheckpointRefusedException.FieldError::field)
						.containsExactly("event_logs[0].name");
				});
			assertThat(service.requests("POST", 400)).as("never retried").isEqualTo(refusals + 1);
			client.flush();
			assertThat(client.states().get(good).recordNumber()).isEqualTo(2);
		}
	}

	@Test
	void closeShouldFlushAndBeIdempotent() throws Exception {
		String name = unique();
		CheckpointClient client = client().build();
		client.persist(name, 7, TIME);
		client.close();
		client.close();
		assertThat(service.get("/logs/" + name).body()).contains("\"record_number\":\"7\"");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> client.persist(name, 8, TIME));
	}

}
