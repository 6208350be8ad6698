package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.InMemoryCheckpointStore;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The engine on an in-memory store with a fake ticker: intervals and backoff pass when a test
 * advances the ticker, never in real time.
 */
class CheckpointEngineTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	private static final Duration LONG = Duration.ofHours(1);

	private final FakeTicker ticker = new FakeTicker();

	private final List<InMemoryCheckpointStore> stores = new ArrayList<>();

	private final List<CheckpointEngine> services = new ArrayList<>();

	@AfterEach
	void shutdownAll() {
		this.stores.forEach((store) -> store.failing(false).failNext(0).release());
		this.services.forEach(CheckpointEngine::shutdown);
	}

	private CheckpointEngine start(InMemoryCheckpointStore store, int maxUpdates, Duration interval) {
		return start(store, EngineSettings.of(maxUpdates, interval));
	}

	private CheckpointEngine start(InMemoryCheckpointStore store, EngineSettings settings) {
		CheckpointEngine service = new CheckpointEngine(store, settings.withTicker(this.ticker));
		this.stores.add(store);
		this.services.add(service);
		return service;
	}

	private CheckpointEngine startWithLimits(int maxLogs, long maxPendingUpdates) {
		return start(new InMemoryCheckpointStore(),
				EngineSettings.of(1_000_000, LONG).withLimits(maxLogs, maxPendingUpdates));
	}

	@Test
	void persistWhenMaxUpdatesReachedShouldFlush() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 3, LONG);
		service.persist("App", 1, TIME);
		service.persist("App", 2, TIME);
		assertThat(service.pendingUpdates()).isEqualTo(2);
		assertThat(store.saves()).isZero();
		service.persist("Sec", 3, TIME);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.saves() == 1 && service.pendingUpdates() == 0);
		assertThat(store.states()).containsOnlyKeys("App", "Sec");
		assertThat(store.states().get("App").recordNumber()).isEqualTo(2);
	}

	@Test
	void persistBelowMaxUpdatesShouldFlushAfterInterval() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, Duration.ofSeconds(10));
		service.persist("App", 7, TIME);
		this.ticker.advance(Duration.ofSeconds(5));
		// The interval runs from the oldest pending update: a later one does not push it back.
		service.persist("Sec", 8, TIME);
		this.ticker.advance(Duration.ofMillis(4999));
		assertThat(service.oldestPendingAge()).isEqualTo(Duration.ofMillis(9999));
		assertThat(store.saves()).isZero();
		this.ticker.advance(Duration.ofMillis(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> store.saves() == 1);
		assertThat(store.states().get("App").recordNumber()).isEqualTo(7);
		assertThat(store.states().get("Sec").recordNumber()).isEqualTo(8);
	}

	@Test
	void maxUpdatesBelowOneShouldBecomeOneAndShortIntervalOneSecond() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 0, Duration.ofMillis(10));
		assertThat(service.maxUpdates()).isEqualTo(1);
		assertThat(service.flushInterval()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void shutdownShouldFlushPendingUpdatesAndBeIdempotentAcrossThreads() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, LONG);
		service.persist("App", 41, TIME);
		service.persist("App", 42, TIME);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(pool.submit(service::shutdown));
			}
			for (Future<Boolean> call : calls) {
				assertThat(call.get(10, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(service.shutdown()).isTrue();
		assertThat(store.saves()).isEqualTo(1);
		assertThat(store.states().get("App").recordNumber()).isEqualTo(42);
	}

	@Test
	void persistAfterShutdownShouldThrow() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 10, LONG);
		service.shutdown();
		assertThatIllegalStateException().isThrownBy(() -> service.persist("App", 1, TIME))
			.isInstanceOf(CheckpointClosedException.class)
			.withMessageContaining("shut down");
		assertThatIllegalStateException().isThrownBy(() -> service.delete("App"));
	}

	@Test
	void manyThreadsPersistingAtOnceShouldLoseNothing() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 50, LONG);
		int threads = 8;
		int perThread = 5_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				writers.add(pool.submit(() -> {
					for (int i = 1; i <= perThread; i++) {
						service.persist("log-" + thread + "-" + (i % 100), i, TIME);
						service.persist("shared-" + (i % 10), ((long) i << 8) | thread, TIME);
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		Map<String, EventLogState> inMemory = service.states();
		assertThat(service.acceptedUpdates()).isEqualTo(2L * threads * perThread);
		assertThat(inMemory).hasSize(threads * 100 + 10);
		for (int t = 0; t < threads; t++) {
			assertThat(inMemory.get("log-" + t + "-0").recordNumber()).isEqualTo(perThread);
		}
		assertThat(service.shutdown()).isTrue();
		assertThat(store.saves()).isGreaterThan(1);
		assertThat(store.states()).isEqualTo(inMemory);
	}

	@Test
	void flushWhenNothingChangedShouldNotWrite() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, LONG);
		service.flush(Duration.ofSeconds(5));
		assertThat(store.saves()).isZero();
		service.persist("App", 1, TIME);
		service.flush(Duration.ofSeconds(5));
		service.flush(Duration.ofSeconds(5));
		assertThat(store.saves()).isEqualTo(1);
		service.shutdown();
		assertThat(store.saves()).isEqualTo(1);
	}

	@Test
	void concurrentFlushCallersShouldShareOneWrite() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, LONG);
		service.persist("App", 1, TIME);
		store.hold();
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> service.flush(Duration.ofSeconds(30)));
		assertThat(store.awaitSaving()).isTrue();
		// While the first write is held, 10 callers queue up behind it and must share one write.
		service.persist("App", 2, TIME);
		List<CompletableFuture<Void>> waiting = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			waiting.add(CompletableFuture.runAsync(() -> service.flush(Duration.ofSeconds(30))));
		}
		// Writers are not blocked by the held write.
		CompletableFuture.runAsync(() -> service.persist("Sec", 3, TIME)).get(2, TimeUnit.SECONDS);
		store.release();
		first.get(10, TimeUnit.SECONDS);
		CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(store.saves()).isEqualTo(2);
		assertThat(store.states().get("App").recordNumber()).isEqualTo(2);
	}

	@Test
	void persistShouldNotBlockBehindFlushInProgress() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().hold();
		CheckpointEngine service = start(store, 1, LONG);
		service.persist("App", 1, TIME);
		assertThat(store.awaitSaving()).isTrue();
		CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 1000; i++) {
				service.persist("App", i, TIME);
			}
		}).get(2, TimeUnit.SECONDS);
		assertThat(service.state("App").recordNumber()).isEqualTo(999);
		store.release();
	}

	@Test
	void failingStoreShouldKeepUpdatesRetryAndLoseNothing() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().failNext(3);
		CheckpointEngine service = start(store, 1, LONG);
		service.persist("App", 1, TIME);
		service.persist("Sec", 5, TIME);
		await().atMost(Duration.ofSeconds(5)).until(() -> service.consecutiveFailures() >= 1);
		assertThat(service.lastFailure()).hasMessageContaining("No space left");
		assertThat(service.pendingUpdates()).isPositive();
		// A newer value accepted while failing must win over the failed batch's value.
		service.persist("App", 2, TIME);
		// Retries wait for their backoff, not for maxUpdates: time moves only when advanced.
		assertThat(store.failures()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.ticker.advance(Duration.ofSeconds(1));
			return store.saves() >= 1 && service.pendingUpdates() == 0;
		});
		assertThat(store.failures()).isEqualTo(3);
		assertThat(service.consecutiveFailures()).isZero();
		assertThat(service.lastFailure()).isNull();
		Map<String, EventLogState> onDisk = store.states();
		assertThat(onDisk.get("App").recordNumber()).isEqualTo(2);
		assertThat(onDisk.get("Sec").recordNumber()).isEqualTo(5);
	}

	@Test
	void durableFlushOnFailingStoreShouldThrowAndKeepTheUpdate() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, LONG);
		store.failNext(1);
		service.persist("App", 9, TIME);
		assertThatExceptionOfType(FlushFailedException.class).isThrownBy(() -> service.flush(Duration.ofSeconds(5)))
			.havingCause()
			.withMessage("No space left on device");
		assertThat(service.pendingUpdates()).isEqualTo(1);
		service.flush(Duration.ofSeconds(5));
		assertThat(store.states().get("App").recordNumber()).isEqualTo(9);
	}

	@Test
	void replacedStateShouldKeepTheNameStringTheLogAlreadyHas() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 1_000_000, LONG);
		String first = new String("Microsoft-Windows-Sysmon/Operational");
		String second = new String(first);
		service.persist(first, 1, TIME);
		service.persist(second, 2, TIME);
		// Each request parses its own copy of the name: keeping the first one leaves the request's
		// copy, and the pending entry's key, to die young instead of living as long as the state.
		assertThat(service.state(second).recordNumber()).isEqualTo(2);
		assertThat(service.state(second).name()).isSameAs(first);
	}

	@Test
	void deleteShouldRemoveTheLogFromTheStoreOnNextFlush() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, LONG);
		service.persist("App", 1, TIME);
		service.persist("Sec", 2, TIME);
		service.flush(Duration.ofSeconds(5));
		assertThat(service.delete("App").recordNumber()).isEqualTo(1);
		assertThat(service.delete("Nope")).isNull();
		service.flush(Duration.ofSeconds(5));
		assertThat(store.states()).containsOnlyKeys("Sec");
		assertThat(store.batches().get(1).changes()).singleElement()
			.satisfies((change) -> assertThat(change.deleted()).isTrue());
	}

	@Test
	void maxUnsignedRecordNumberAndNanosecondsShouldRoundTrip() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine service = start(store, 1000, LONG);
		OffsetDateTime max = OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z");
		OffsetDateTime zero = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
		service.persist("max", -1L, max);
		service.persist("zero", 0, zero);
		service.persist(new EventLogState("offset", Long.MIN_VALUE, TIME, "<BookmarkList/>"));
		service.shutdown();
		Map<String, EventLogState> loaded = store.states();
		assertThat(loaded.get("max").recordNumberString()).isEqualTo("18446744073709551615");
		assertThat(loaded.get("max").timestamp()).isEqualTo(max);
		assertThat(loaded.get("zero").timestamp()).isEqualTo(zero);
		assertThat(loaded.get("offset").recordNumberString()).isEqualTo("9223372036854775808");
		assertThat(loaded.get("offset").timestamp()).isEqualTo(TIME);
		assertThat(loaded.get("offset").timestamp().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
		assertThat(loaded.get("offset").bookmark()).isEqualTo("<BookmarkList/>");
	}

	@Test
	void sortedStatesShouldFollowNamesAddedAndDeletedBetweenCalls() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 1000, LONG);
		service.persist("b", 1, TIME);
		service.persist("a", 1, TIME);
		assertThat(service.sortedStates()).extracting(EventLogState::name).containsExactly("a", "b");
		service.persist("a", 2, TIME);
		assertThat(service.sortedStates()).extracting(EventLogState::recordNumber).containsExactly(2L, 1L);
		service.persistAll(List.of(new EventLogState("c", 1, TIME), new EventLogState("b", 2, TIME)));
		assertThat(service.sortedStates()).extracting(EventLogState::name).containsExactly("a", "b", "c");
		service.delete("b");
		assertThat(service.sortedStates()).extracting(EventLogState::name).containsExactly("a", "c");
		service.persist("b", 3, TIME);
		assertThat(service.sortedStates()).extracting(EventLogState::name, EventLogState::recordNumber)
			.containsExactly(tuple("a", 2L), tuple("b", 3L), tuple("c", 1L));
	}

	@Test
	void sortedStatesShouldHoldEveryNameOnceWhileNamesAreAddedDeletedAndReadConcurrently() throws Exception {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 1_000_000, LONG);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < 3; t++) {
				int thread = t;
				writers.add(pool.submit(() -> {
					for (int i = 0; i < 10_000; i++) {
						service.persist("host-" + thread + "-" + i, i, TIME);
						if (i % 10 == 0) {
							service.delete("host-" + thread + "-" + (i / 2));
							service.persist("host-" + thread + "-" + (i / 2), i, TIME);
						}
					}
				}));
			}
			Future<?> reader = pool.submit(() -> {
				while (writers.stream().anyMatch((writer) -> !writer.isDone())) {
					List<String> names = service.sortedStates().stream().map(EventLogState::name).toList();
					assertThat(names).doesNotHaveDuplicates().isSortedAccordingTo(NameOrder.INSTANCE);
				}
			});
			for (Future<?> writer : writers) {
				writer.get(1, TimeUnit.MINUTES);
			}
			reader.get(1, TimeUnit.MINUTES);
		}
		finally {
			pool.shutdownNow();
		}
		List<String> expected = new ArrayList<>(service.states().keySet());
		expected.sort(NameOrder.INSTANCE);
		assertThat(expected).hasSize(30_000);
		assertThat(service.sortedStates()).extracting(EventLogState::name).containsExactlyElementsOf(expected);
	}

	@Test
	void sortedStatesAfterMoreNewNamesThanAreMergedShouldSortThemAll() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 1_000_000, LONG);
		service.persist("m", 1, TIME);
		assertThat(service.sortedStates()).hasSize(1);
		List<EventLogState> many = new ArrayList<>();
		for (int i = 0; i < 70_000; i++) {
			many.add(new EventLogState(String.format("n-%05d", 69_999 - i), i, TIME));
		}
		service.persistAll(many);
		List<EventLogState> sorted = service.sortedStates();
		assertThat(sorted).hasSize(70_001);
		assertThat(sorted.get(0).name()).isEqualTo("m");
		assertThat(sorted.get(1).name()).isEqualTo("n-00000");
		assertThat(sorted).extracting(EventLogState::name).isSortedAccordingTo(NameOrder.INSTANCE);
	}

	@Test
	void sortedStatesAfterLoadShouldBeInGoOrderWhetherOrNotTheStoreWas() {
		InMemoryCheckpointStore sortedStore = new InMemoryCheckpointStore().with(TIME, new EventLogState("A", 1, TIME),
				new EventLogState("B", 2, TIME));
		InMemoryCheckpointStore unsortedStore = new InMemoryCheckpointStore().with(TIME,
				new EventLogState("C", 1, TIME), new EventLogState("B", 2, TIME));
		CheckpointEngine sorted = start(sortedStore, 1000, LONG);
		CheckpointEngine unsorted = start(unsortedStore, 1000, LONG);
		assertThat(sorted.sortedStates()).extracting(EventLogState::name).containsExactly("A", "B");
		assertThat(unsorted.sortedStates()).extracting(EventLogState::name).containsExactly("B", "C");
		sorted.persist("AA", 1, TIME);
		assertThat(sorted.sortedStates()).extracting(EventLogState::name).containsExactly("A", "AA", "B");
	}

	@Test
	void statesShouldBeASnapshotOfReturnedPersists() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(), 1000, LONG);
		service.persist("App", 1, TIME);
		Map<String, EventLogState> snapshot = service.states();
		service.persist("App", 2, TIME);
		assertThat(snapshot.get("App").recordNumber()).isEqualTo(1);
		assertThat(service.states().get("App").recordNumber()).isEqualTo(2);
	}

	@Test
	void newNameBeyondMaxLogsShouldBeRefusedWhileTrackedNamesStillUpdate() {
		CheckpointEngine service = startWithLimits(3, Long.MAX_VALUE);
		service.persist("a", 1, TIME);
		service.persist("b", 1, TIME);
		service.persist("c", 1, TIME);
		assertThatExceptionOfType(TooManyLogsException.class).isThrownBy(() -> service.persist("d", 1, TIME))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(3));
		assertThat(service.state("d")).isNull();
		assertThat(service.size()).isEqualTo(3);
		assertThat(service.pendingUpdates()).isEqualTo(3);
		assertThat(service.acceptedUpdates()).isEqualTo(3);
		service.persist("a", 2, TIME);
		assertThat(service.state("a").recordNumber()).isEqualTo(2);
		service.delete("b");
		service.persist("d", 1, TIME);
		assertThat(service.states()).containsOnlyKeys("a", "c", "d");
	}

	@Test
	void batchCreatingLogsBeyondTheLimitShouldApplyNothing() {
		CheckpointEngine service = startWithLimits(3, Long.MAX_VALUE);
		service.persist("a", 1, TIME);
		List<EventLogState> tooMany = List.of(new EventLogState("a", 9, TIME), new EventLogState("b", 9, TIME),
				new EventLogState("c", 9, TIME), new EventLogState("d", 9, TIME));
		assertThatExceptionOfType(TooManyLogsException.class).isThrownBy(() -> service.persistAll(tooMany));
		assertThat(service.states()).containsOnlyKeys("a");
		assertThat(service.state("a").recordNumber()).isEqualTo(1);
		assertThat(service.pendingUpdates()).isEqualTo(1);
		// Exactly at the limit, and a name repeated in one batch counts once.
		service.persistAll(List.of(new EventLogState("b", 1, TIME), new EventLogState("c", 1, TIME),
				new EventLogState("c", 2, TIME), new EventLogState("a", 2, TIME)));
		assertThat(service.states()).containsOnlyKeys("a", "b", "c");
		assertThat(service.state("c").recordNumber()).isEqualTo(2);
	}

	@Test
	void concurrentWritersShouldNeverPassMaxLogs() throws Exception {
		CheckpointEngine service = startWithLimits(1000, Long.MAX_VALUE);
		AtomicInteger accepted = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				writers.add(pool.submit(() -> {
					for (int i = 0; i < 500; i++) {
						try {
							service.persist("log-" + thread + "-" + i, i, TIME);
							accepted.incrementAndGet();
						}
						catch (TooManyLogsException ex) {
							// expected once full
						}
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(accepted.get()).isEqualTo(1000);
		assertThat(service.size()).isEqualTo(1000);
		assertThat(service.states()).hasSize(1000);
	}

	@Test
	void pendingUpdatesAtTheLimitShouldRefuseWritesUntilTheStoreCatchesUp() {
		CheckpointEngine service = start(new InMemoryCheckpointStore(),
				EngineSettings.of(1000, LONG).withLimits(Integer.MAX_VALUE, 5));
		for (int i = 1; i <= 5; i++) {
			service.persist("a", i, TIME);
		}
		assertThat(service.pendingUpdates()).isEqualTo(5);
		assertThatExceptionOfType(TooManyPendingUpdatesException.class)
			.isThrownBy(() -> service.persist("a", 6, TIME))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(5));
		assertThatExceptionOfType(TooManyPendingUpdatesException.class).isThrownBy(() -> service.delete("a"));
		assertThatExceptionOfType(TooManyPendingUpdatesException.class)
			.isThrownBy(() -> service.persistAll(List.of(new EventLogState("b", 1, TIME))));
		assertThat(service.state("a").recordNumber()).isEqualTo(5);
		assertThat(service.state("b")).isNull();
		assertThat(service.pendingUpdates()).isEqualTo(5);
		assertThat(service.acceptedUpdates()).isEqualTo(5);
		service.flush(Duration.ofSeconds(5));
		service.persistAll(List.of(new EventLogState("b", 1, TIME), new EventLogState("c", 1, TIME),
				new EventLogState("d", 1, TIME), new EventLogState("e", 1, TIME), new EventLogState("f", 1, TIME)));
		assertThat(service.pendingUpdates()).isEqualTo(5);
		assertThatExceptionOfType(TooManyPendingUpdatesException.class)
			.isThrownBy(() -> service.persist("a", 7, TIME));
	}

	@Test
	void memoryShouldStayBoundedWhileTheStoreFailsUnderLoad() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().failing(true);
		CheckpointEngine service = start(store, EngineSettings.of(10, LONG).withLimits(Integer.MAX_VALUE, 1000));
		AtomicLong refused = new AtomicLong();
		AtomicLong mostPending = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				writers.add(pool.submit(() -> {
					// Distinct names: every accepted write would grow the pending map.
					for (int i = 0; i < 5_000; i++) {
						try {
							service.persist("log-" + thread + "-" + i, i, TIME);
						}
						catch (TooManyPendingUpdatesException ex) {
							refused.incrementAndGet();
						}
						mostPending.accumulateAndGet(service.pendingUpdates(), Math::max);
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(store.failures()).isPositive();
		assertThat(mostPending.get()).isLessThanOrEqualTo(1000);
		assertThat(service.acceptedUpdates()).isEqualTo(1000);
		assertThat(service.size()).isEqualTo(1000);
		assertThat(refused.get()).isEqualTo(20_000 - 1000);
		store.failing(false);
		service.flush(Duration.ofSeconds(10));
		assertThat(service.pendingUpdates()).isZero();
		assertThat(store.states()).hasSize(1000);
	}

	@Test
	void retriesShouldWaitForABackoffThatDoublesAfterEachFailure() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().failing(true);
		AtomicInteger failed = new AtomicInteger();
		CheckpointEngine service = start(store, EngineSettings.of(1, LONG).withFlushListener(new FlushListener() {

			@Override
			public void flushFailed(FlushTrigger trigger, Duration duration, Throwable cause) {
				failed.incrementAndGet();
			}

		}));
		service.persist("App", 1, TIME);
		await().atMost(Duration.ofSeconds(5)).until(() -> failed.get() == 1);
		this.ticker.advance(Duration.ofMillis(199));
		assertThat(store.failures()).isEqualTo(1);
		this.ticker.advance(Duration.ofMillis(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> failed.get() == 2);
		this.ticker.advance(Duration.ofMillis(399));
		assertThat(store.failures()).isEqualTo(2);
		this.ticker.advance(Duration.ofMillis(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> failed.get() == 3);
		assertThat(service.consecutiveFailures()).isEqualTo(3);
		store.failing(false);
		this.ticker.advance(Duration.ofMillis(800));
		await().atMost(Duration.ofSeconds(5)).until(() -> service.pendingUpdates() == 0);
		assertThat(store.states()).containsOnlyKeys("App");
	}

	@Test
	void shutdownWhenTheStoreKeepsFailingShouldGiveUpAtTheShutdownTimeout() throws Exception {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().failing(true);
		CheckpointEngine service = start(store, EngineSettings.of(1000, LONG).withShutdownTimeout(Duration.ofSeconds(10)));
		service.persist("App", 1, TIME);
		CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(service::shutdown);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.failures() >= 1);
		assertThat(shutdown).isNotDone();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.ticker.advance(Duration.ofSeconds(1));
			return shutdown.isDone();
		});
		assertThat(shutdown.get()).isFalse();
		assertThat(service.isTerminated()).isTrue();
		assertThat(service.pendingUpdates()).isEqualTo(1);
		assertThat(store.failures()).isBetween(2, 10);
		assertThatExceptionOfType(FlushFailedException.class).isThrownBy(() -> service.flush(Duration.ofSeconds(5)))
			.havingCause()
			.withMessageContaining("could not be written to memory before shutdown");
	}

	@Test
	void rewindsAndDeletesShouldBeToldToTheAuditListener() {
		List<String> audit = new ArrayList<>();
		CheckpointEngine service = start(new InMemoryCheckpointStore(), EngineSettings.of(1000, LONG)
			.withAuditListener(new AuditListener() {

			@Override
			public void rewound(EventLogState previous, EventLogState current) {
				audit.add("rewound " + current.name() + " " + previous.recordNumberString() + " -> "
						+ current.recordNumberString());
			}

			@Override
			public void deleted(EventLogState previous) {
				audit.add("deleted " + previous.name() + " " + previous.recordNumberString());
			}

		}));
		service.persist("a", 10, TIME);
		service.persist("a", 10, TIME);
		service.persist("a", 11, TIME);
		service.persist("a", 5, TIME);
		service.persist("big", -1L, TIME);
		service.persist("big", Long.MAX_VALUE, TIME);
		service.persistAll(List.of(new EventLogState("a", 4, TIME), new EventLogState("new", 0, TIME)));
		service.delete("a");
		service.delete("missing");
		assertThat(audit).containsExactly("rewound a 11 -> 5", "rewound big 18446744073709551615 -> 9223372036854775807",
				"rewound a 5 -> 4", "deleted a 4");
	}

}
