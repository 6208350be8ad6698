package io.eventcheckpoint.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client while the service restarts or cannot write: it retries and loses nothing.
 */
class CheckpointClientOutageIT {

	private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneOffset.UTC);

	@TempDir
	Path dir;

	@Test
	void sigtermOfTheServiceMidFlushShouldBeRetriedAndLoseNothing() throws Exception {
		Path data = Files.createDirectories(this.dir.resolve("data"));
		try (ServiceProcess service = ServiceProcess.start(data);
				CheckpointClient client = CheckpointClient.builder(service.uri())
					.maxUpdates(1_000_000)
					.flushInterval(Duration.ofHours(1))
					.retryTimeout(Duration.ofSeconds(120))
					.build()) {
			int count = 25_000;
			for (int i = 0; i < count; i++) {
				client.persist("host/" + i, -1L - i, TIME);
			}
			CompletableFuture<Void> flush = CompletableFuture.runAsync(client::flush);
			service.terminate();
			service.start();
			flush.get(180, TimeUnit.SECONDS);
			Map<String, EventLogState> states = client.states();
			assertThat(states).hasSize(count);
			for (int i = 0; i < count; i++) {
				assertThat(states.get("host/" + i).recordNumber()).isEqualTo(-1L - i);
			}
		}
	}

	@Test
	void unavailableWithRetryAfterShouldWaitThatLongThenSucceed() throws Exception {
		Path data = Files.createDirectories(this.dir.resolve("data"));
		Path away = this.dir.resolve("away");
		try (ServiceProcess service = ServiceProcess.start(data);
				CheckpointClient client = CheckpointClient.builder(service.uri())
					.flushInterval(Duration.ofHours(1))
					.retryTimeout(Duration.ofSeconds(60))
					.build()) {
			// The store cannot write while its directory is a file: durable writes answer 503, Retry-After: 5.
			Files.move(data, away);
			Files.writeString(data, "not a directory");
			client.persist("Security", 42, TIME);
			long started = System.nanoTime();
			CompletableFuture<Void> flush = CompletableFuture.runAsync(client::flush);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(service.requests("POST", 503)).isPositive());
			Files.delete(data);
			Files.move(away, data);
			flush.get(60, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(4500));
			assertThat(service.requests("POST", 503)).isEqualTo(1);
			assertThat(client.states().get("Security").recordNumber()).isEqualTo(42);
			// The durable write is in the journal; a service stopped with SIGTERM leaves it in the Go-format file.
			service.terminate();
			assertThat(Files.readString(data.resolve("checkpoint.yml"))).contains("record_number: 42");
		}
	}

}
