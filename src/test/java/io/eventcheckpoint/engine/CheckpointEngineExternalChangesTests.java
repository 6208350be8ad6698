package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.InMemoryCheckpointStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link CheckpointEngine#applyExternal}: how changes saved by another replica enter the engine.
 */
class CheckpointEngineExternalChangesTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	private static final Duration LONG = Duration.ofHours(1);

	private final List<CheckpointEngine> services = new ArrayList<>();

	@AfterEach
	void shutdownAll() {
		this.services.forEach(CheckpointEngine::shutdown);
	}

	private CheckpointEngine start(InMemoryCheckpointStore store) {
		return start(store, EngineSettings.of(1000, LONG));
	}

	private CheckpointEngine start(InMemoryCheckpointStore store, EngineSettings settings) {
		CheckpointEngine service = new CheckpointEngine(store, settings.withTicker(new FakeTicker()));
		this.services.add(service);
		return service;
	}

	@Test
	void applyExternalShouldAddReplaceAndRemoveStatesWithoutMakingThemPending() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store);
		service.persist("App", 1, TIME);
		service.persist("Old", 2, TIME);
		service.flush(Duration.ofSeconds(5));
		Set<String> skipped = service.applyExternal(
				List.of(new EventLogState("App", 10, TIME, "<b/>"), new EventLogState("New", 20, TIME)),
				List.of("Old", "Unknown"));
		assertThat(skipped).isEmpty();
		assertThat(service.states()).containsOnlyKeys("App", "New");
		assertThat(service.state("App").recordNumber()).isEqualTo(10);
		assertThat(service.state("App").bookmark()).isEqualTo("<b/>");
		assertThat(service.pendingUpdates()).isZero();
		service.flush(Duration.ofSeconds(5));
		assertThat(store.saves()).isEqualTo(1);
	}

	@Test
	void sortedStatesShouldIncludeNamesAddedAndDropNamesRemovedByApplyExternal() {
		CheckpointEngine service = start(new InMemoryCheckpointStore());
		service.persist("B", 1, TIME);
		service.persist("D", 1, TIME);
		assertThat(service.sortedStates()).extracting(EventLogState::name).containsExactly("B", "D");
		service.flush(Duration.ofSeconds(5));
		service.applyExternal(List.of(new EventLogState("C", 2, TIME), new EventLogState("A", 2, TIME)), List.of("D"));
		assertThat(service.sortedStates()).extracting(EventLogState::name).containsExactly("A", "B", "C");
	}

	@Test
	void externalChangesShouldCountTowardsMaxLogsWithoutBeingRefused() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(),
				EngineSettings.of(1000, LONG).withLimits(2, Long.MAX_VALUE));
		service.persist("App", 1, TIME);
		// Saved by another replica already: taken in even beyond the limit.
		service.applyExternal(List.of(new EventLogState("B", 1, TIME), new EventLogState("C", 1, TIME)), List.of());
		assertThat(service.size()).isEqualTo(3);
		assertThatExceptionOfType(TooManyLogsException.class).isThrownBy(() -> service.persist("D", 1, TIME));
		service.applyExternal(List.of(), List.of("B", "C"));
		service.persist("D", 1, TIME);
		assertThat(service.states()).containsOnlyKeys("App", "D");
		assertThatExceptionOfType(TooManyLogsException.class).isThrownBy(() -> service.persist("E", 1, TIME));
	}

	@Test
	void applyExternalShouldLeaveNamesWithPendingLocalChangesAlone() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store);
		service.persist("App", 1, TIME);
		service.persist("Sec", 2, TIME);
		service.flush(Duration.ofSeconds(5));
		service.persist("App", 3, TIME);
		service.delete("Sec");
		Set<String> skipped = service.applyExternal(List.of(new EventLogState("App", 99, TIME),
				new EventLogState("Sec", 99, TIME)), List.of());
		assertThat(skipped).containsExactlyInAnyOrder("App", "Sec");
		assertThat(service.state("App").recordNumber()).isEqualTo(3);
		assertThat(service.state("Sec")).isNull();
		assertThat(service.pendingUpdates()).isEqualTo(2);
	}

	@Test
	void applyExternalShouldLeaveNamesBeingSavedAloneUntilTheSaveEnds() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store);
		service.persist("App", 1, TIME);
		store.hold();
		CompletableFuture<Void> flush = CompletableFuture.runAsync(() -> service.flush(Duration.ofSeconds(30)));
		assertThat(store.awaitSaving()).isTrue();
		assertThat(service.pendingUpdates()).isZero();
		assertThat(service.applyExternal(List.of(new EventLogState("App", 99, TIME)), List.of("App")))
			.containsExactly("App");
		assertThat(service.state("App").recordNumber()).isEqualTo(1);
		store.release();
		flush.get(10, TimeUnit.SECONDS);
		assertThat(service.applyExternal(List.of(new EventLogState("App", 99, TIME)), List.of())).isEmpty();
		assertThat(service.state("App").recordNumber()).isEqualTo(99);
	}

	@Test
	void applyExternalShouldLeaveNamesOfAFailedSaveAloneUntilTheyAreSaved() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store);
		store.failNext(1);
		service.persist("App", 1, TIME);
		assertThatExceptionOfType(FlushFailedException.class).isThrownBy(() -> service.flush(Duration.ofSeconds(5)));
		assertThat(service.applyExternal(List.of(new EventLogState("App", 99, TIME)), List.of()))
			.containsExactly("App");
		service.flush(Duration.ofSeconds(5));
		assertThat(service.state("App").recordNumber()).isEqualTo(1);
		assertThat(service.applyExternal(List.of(new EventLogState("App", 99, TIME)), List.of())).isEmpty();
		assertThat(service.state("App").recordNumber()).isEqualTo(99);
	}

	@Test
	void receiveTimesShouldFollowTheOrderOfChangesEvenWhenTheClockStepsBack() {
		MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:10Z"));
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, EngineSettings.of(1000, LONG).withClock(clock));
		service.persist("App", 1, TIME);
		service.flush(Duration.ofSeconds(5));
		clock.now = Instant.parse("2024-01-01T00:00:05Z");
		service.persist("App", 2, TIME);
		service.flush(Duration.ofSeconds(5));
		List<FlushBatch> batches = store.batches();
		Instant first = batches.get(0).changes().get(0).receivedAt();
		Instant second = batches.get(1).changes().get(0).receivedAt();
		assertThat(first).isEqualTo(Instant.parse("2024-01-01T00:00:10Z"));
		assertThat(second).isAfter(first);
	}

	static final class MutableClock extends Clock {

		volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
