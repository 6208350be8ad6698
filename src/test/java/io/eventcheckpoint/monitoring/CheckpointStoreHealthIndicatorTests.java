package io.eventcheckpoint.monitoring;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.FlushFailedException;
import io.eventcheckpoint.support.InMemoryCheckpointStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CheckpointStoreHealthIndicator}.
 */
class CheckpointStoreHealthIndicatorTests {

	private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private InMemoryCheckpointStore store;

	private CheckpointEngine checkpoints;

	@AfterEach
	void shutdown() {
		if (this.checkpoints != null) {
			this.store.failing(false);
			this.checkpoints.shutdown();
		}
	}

	private CheckpointEngine start() {
		this.store = new InMemoryCheckpointStore();
		this.checkpoints = new CheckpointEngine(this.store,
				EngineSettings.of(1000, Duration.ofHours(1)).withShutdownTimeout(Duration.ofSeconds(5)));
		return this.checkpoints;
	}

	@Test
	void healthyStoreShouldBeUpWithItsDetails() {
		CheckpointEngine checkpoints = start();
		checkpoints.persist("Application", 1, TIME);
		checkpoints.flush(WAIT);
		checkpoints.persist("Application", 2, TIME);
		Health health = new CheckpointStoreHealthIndicator(checkpoints, 3, Duration.ofMinutes(1)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("store", this.store.description())
			.containsEntry("pendingUpdates", 1L)
			.containsEntry("consecutiveFailures", 0)
			.containsEntry("lastSuccessfulFlush", checkpoints.lastSuccessfulFlush().toString())
			.containsKey("oldestPendingAge")
			.doesNotContainKeys("lastError", "reason");
	}

	@Test
	void flushesFailingTooOftenInARowShouldTurnItDownAndASuccessfulFlushUpAgain() {
		CheckpointEngine checkpoints = start();
		this.store.failing(true);
		CheckpointStoreHealthIndicator indicator = new CheckpointStoreHealthIndicator(checkpoints, 3,
				Duration.ofHours(1));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		checkpoints.persist("Application", 1, TIME);
		assertThatExceptionOfType(FlushFailedException.class).isThrownBy(() -> checkpoints.flush(WAIT));
		Awaitility.await()
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN));
		Health down = indicator.health();
		assertThat(down.getDetails()).containsEntry("lastError", "IOException: No space left on device")
			.containsEntry("pendingUpdates", 1L)
			.containsKey("consecutiveFailures");
		assertThat((String) down.getDetails().get("reason")).contains("flushes in a row failed")
			.contains("checkpoint.health.max-consecutive-failures=3");
		this.store.failing(false);
		Awaitility.await()
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
		assertThat(indicator.health().getDetails()).containsEntry("pendingUpdates", 0L)
			.containsEntry("consecutiveFailures", 0)
			.doesNotContainKey("lastError");
	}

	@Test
	void updatesWaitingLongerThanTheBoundShouldTurnItDown() {
		CheckpointEngine checkpoints = start();
		CheckpointStoreHealthIndicator indicator = new CheckpointStoreHealthIndicator(checkpoints, 3,
				Duration.ofMillis(1));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		// The flush interval is an hour: nothing writes this update until asked.
		checkpoints.persist("Application", 1, TIME);
		Awaitility.await()
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN));
		assertThat((String) indicator.health().getDetails().get("reason"))
			.contains("checkpoint.health.max-pending-age=PT0.001S");
		checkpoints.flush(WAIT);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void lastErrorShouldBeOneShortLineWithoutStackTrace() {
		IOException nested = new IOException("first line\nsecond line\n\tat somewhere", new IllegalStateException());
		assertThat(CheckpointStoreHealthIndicator.shortMessage(nested)).isEqualTo("IOException: first line");
		assertThat(CheckpointStoreHealthIndicator.shortMessage(new IOException("x".repeat(500)))).hasSize(200)
			.endsWith("...");
		assertThat(CheckpointStoreHealthIndicator.shortMessage(new IllegalStateException()))
			.isEqualTo("IllegalStateException");
	}

}
