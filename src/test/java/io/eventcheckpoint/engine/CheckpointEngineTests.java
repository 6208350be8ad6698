package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.TestStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class CheckpointEngineTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	private static final Duration LONG = Duration.ofHours(1);

	@TempDir
	Path dir;

	private final List<CheckpointEngine> services = new ArrayList<>();

	@AfterEach
	void shutdownAll() {
		this.services.forEach(CheckpointEngine::shutdown);
	}

	private CheckpointEngine start(TestStore store, int maxUpdates, Duration interval) {
		CheckpointEngine service = new CheckpointEngine(store, maxUpdates, interval);
		this.services.add(service);
		return service;
	}

	private Map<String, EventLogState> reload(Path file) {
		CheckpointEngine service = new CheckpointEngine(new YamlFileCheckpointStore(file, OnCorrupt.FAIL), 1, LONG);
		try {
			return service.states();
		}
		finally {
			service.shutdown();
		}
	}

	@Test
	void persistWhenMaxUpdatesReachedShouldFlush() {
		Path file = this.dir.resolve("checkpoint.yml");
		TestStore store = new TestStore(file);
		CheckpointEngine service = start(store, 3, LONG);
		service.persist("App", 1, TIME);
		service.persist("App", 2, TIME);
		assertThat(service.pendingUpdates()).isEqualTo(2);
		assertThat(file).doesNotExist();
		service.persist("Sec", 3, TIME);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.saves.get() == 1);
		assertThat(reload(file)).containsOnlyKeys("App", "Sec");
		assertThat(reload(file).get("App").recordNumber()).isEqualTo(2);
		assertThat(service.pendingUpdates()).isZero();
	}

	@Test
	void persistBelowMaxUpdatesShouldFlushAfterInterval() {
		Path file = this.dir.resolve("checkpoint.yml");
		TestStore store = new TestStore(file);
		CheckpointEngine service = start(store, 1000, Duration.ofSeconds(1));
		long start = System.nanoTime();
		service.persist("App", 7, TIME);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.saves.get() == 1);
		// The interval runs from the oldest pending update: not before it, and at most one interval plus a write.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertThat(reload(file).get("App").recordNumber()).isEqualTo(7);
	}

	@Test
	void newServiceShouldCreateMissingDirectory() throws Exception {
		Path file = this.dir.resolve("a/b/checkpoint.yml");
		CheckpointEngine service = start(new TestStore(file), 1, LONG);
		assertThat(file.getParent()).isDirectory();
		assertThat(Files.getPosixFilePermissions(file.getParent()))
			.isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
		service.persist("App", 1, TIME);
		service.flush(Duration.ofSeconds(5));
		assertThat(file).exists();
	}

	@Test
	void maxUpdatesBelowOneShouldBecomeOneAndShortIntervalOneSecond() {
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 0, Duration.ofMillis(10));
		assertThat(service.maxUpdates()).isEqualTo(1);
		assertThat(service.flushInterval()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void shutdownShouldFlushPendingUpdatesAndBeIdempotentAcrossThreads() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		TestStore store = new TestStore(file);
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
		assertThat(store.saves.get()).isEqualTo(1);
		assertThat(reload(file).get("App").recordNumber()).isEqualTo(42);
	}

	@Test
	void persistAfterShutdownShouldThrow() {
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 10, LONG);
		service.shutdown();
		assertThatIllegalStateException().isThrownBy(() -> service.persist("App", 1, TIME))
			.isInstanceOf(CheckpointClosedException.class)
			.withMessageContaining("shut down");
		assertThatIllegalStateException().isThrownBy(() -> service.delete("App"));
	}

	@Test
	void manyThreadsPersistingAtOnceShouldLoseNothing() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		TestStore store = new TestStore(file);
		CheckpointEngine service = start(store, 50, Duration.ofSeconds(1));
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
		assertThat(store.saves.get()).isGreaterThan(1);
		assertThat(reload(file)).isEqualTo(inMemory);
	}

	@Test
	void flushWhenNothingChangedShouldNotWrite() {
		TestStore store = new TestStore(this.dir.resolve("checkpoint.yml"));
		CheckpointEngine service = start(store, 1000, LONG);
		service.flush(Duration.ofSeconds(5));
		assertThat(store.saves.get()).isZero();
		service.persist("App", 1, TIME);
		service.flush(Duration.ofSeconds(5));
		service.flush(Duration.ofSeconds(5));
		assertThat(store.saves.get()).isEqualTo(1);
		service.shutdown();
		assertThat(store.saves.get()).isEqualTo(1);
	}

	@Test
	void concurrentFlushCallersShouldShareOneWrite() throws Exception {
		TestStore store = new TestStore(this.dir.resolve("checkpoint.yml"));
		CheckpointEngine service = start(store, 1000, LONG);
		service.persist("App", 1, TIME);
		store.hold = new CountDownLatch(1);
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> service.flush(Duration.ofSeconds(30)));
		assertThat(store.saving.await(5, TimeUnit.SECONDS)).isTrue();
		// While the first write is held, 10 callers queue up behind it and must share one write.
		service.persist("App", 2, TIME);
		List<CompletableFuture<Void>> waiting = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			waiting.add(CompletableFuture.runAsync(() -> service.flush(Duration.ofSeconds(30))));
		}
		// Writers are not blocked by the held write.
		CompletableFuture.runAsync(() -> service.persist("Sec", 3, TIME)).get(2, TimeUnit.SECONDS);
		store.hold.countDown();
		first.get(10, TimeUnit.SECONDS);
		CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(store.saves.get()).isEqualTo(2);
		assertThat(reload(this.dir.resolve("checkpoint.yml")).get("App").recordNumber()).isEqualTo(2);
	}

	@Test
	void persistShouldNotBlockBehindFlushInProgress() throws Exception {
		TestStore store = new TestStore(this.dir.resolve("checkpoint.yml"));
		store.hold = new CountDownLatch(1);
		CheckpointEngine service = start(store, 1, LONG);
		service.persist("App", 1, TIME);
		assertThat(store.saving.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 1000; i++) {
				service.persist("App", i, TIME);
			}
		}).get(2, TimeUnit.SECONDS);
		assertThat(service.state("App").recordNumber()).isEqualTo(999);
		store.hold.countDown();
	}

	@Test
	void failingStoreShouldKeepUpdatesRetryAndLoseNothing() {
		Path file = this.dir.resolve("checkpoint.yml");
		TestStore store = new TestStore(file);
		CheckpointEngine service = start(store, 1, Duration.ofSeconds(1));
		store.failNext = 3;
		service.persist("App", 1, TIME);
		service.persist("Sec", 5, TIME);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.failures.get() >= 1);
		assertThat(service.lastFailure()).hasMessageContaining("No space left");
		assertThat(service.pendingUpdates()).isPositive();
		// A newer value accepted while failing must win over the failed batch's value.
		service.persist("App", 2, TIME);
		await().atMost(Duration.ofSeconds(10)).until(() -> store.saves.get() >= 1 && service.pendingUpdates() == 0);
		assertThat(store.failures.get()).isEqualTo(3);
		assertThat(service.consecutiveFailures()).isZero();
		assertThat(service.lastFailure()).isNull();
		Map<String, EventLogState> onDisk = reload(file);
		assertThat(onDisk.get("App").recordNumber()).isEqualTo(2);
		assertThat(onDisk.get("Sec").recordNumber()).isEqualTo(5);
	}

	@Test
	void durableFlushOnFailingStoreShouldThrowAndKeepTheUpdate() {
		Path file = this.dir.resolve("checkpoint.yml");
		TestStore store = new TestStore(file);
		CheckpointEngine service = start(store, 1000, LONG);
		store.failNext = 1;
		service.persist("App", 9, TIME);
		assertThatExceptionOfType(FlushFailedException.class).isThrownBy(() -> service.flush(Duration.ofSeconds(5)))
			.havingCause()
			.withMessage("No space left on device");
		assertThat(service.pendingUpdates()).isEqualTo(1);
		service.flush(Duration.ofSeconds(5));
		assertThat(reload(file).get("App").recordNumber()).isEqualTo(9);
	}

	@Test
	void deleteShouldRemoveTheLogFromTheStoreOnNextFlush() {
		Path file = this.dir.resolve("checkpoint.yml");
		CheckpointEngine service = start(new TestStore(file), 1000, LONG);
		service.persist("App", 1, TIME);
		service.persist("Sec", 2, TIME);
		service.flush(Duration.ofSeconds(5));
		assertThat(service.delete("App").recordNumber()).isEqualTo(1);
		assertThat(service.delete("Nope")).isNull();
		service.flush(Duration.ofSeconds(5));
		assertThat(reload(file)).containsOnlyKeys("Sec");
	}

	@Test
	void maxUnsignedRecordNumberAndNanosecondsShouldRoundTrip() {
		Path file = this.dir.resolve("checkpoint.yml");
		CheckpointEngine service = start(new TestStore(file), 1000, LONG);
		OffsetDateTime max = OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z");
		OffsetDateTime zero = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
		service.persist("max", -1L, max);
		service.persist("zero", 0, zero);
		service.persist(new EventLogState("offset", Long.MIN_VALUE, TIME, "<BookmarkList/>"));
		service.shutdown();
		Map<String, EventLogState> loaded = reload(file);
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
		CheckpointEngine service = start(new TestStore(this.dir.resolve("checkpoint.yml")), 1000, LONG);
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
		CheckpointEngine service = start(new TestStore(this.dir.resolve("checkpoint.yml")), 1_000_000, LONG);
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
		CheckpointEngine service = start(new TestStore(this.dir.resolve("checkpoint.yml")), 1_000_000, LONG);
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
	void sortedStatesAfterLoadShouldBeInGoOrderWhetherOrNotTheFileWas() throws Exception {
		Path sortedFile = this.dir.resolve("sorted.yml");
		Files.writeString(sortedFile, "update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: A\n  record_number: 1\n"
				+ "  timestamp: 2017-12-05T15:16:31Z\n- name: B\n  record_number: 2\n  timestamp: 2017-12-05T15:16:31Z\n");
		Path unsortedFile = this.dir.resolve("unsorted.yml");
		Files.writeString(unsortedFile, Files.readString(sortedFile).replace("name: A", "name: C"));
		CheckpointEngine sorted = start(new TestStore(sortedFile), 1000, LONG);
		CheckpointEngine unsorted = start(new TestStore(unsortedFile), 1000, LONG);
		assertThat(sorted.sortedStates()).extracting(EventLogState::name).containsExactly("A", "B");
		assertThat(unsorted.sortedStates()).extracting(EventLogState::name).containsExactly("B", "C");
		sorted.persist("AA", 1, TIME);
		assertThat(sorted.sortedStates()).extracting(EventLogState::name).containsExactly("A", "AA", "B");
	}

	@Test
	void statesShouldBeASnapshotOfReturnedPersists() {
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 1000, LONG);
		service.persist("App", 1, TIME);
		Map<String, EventLogState> snapshot = service.states();
		service.persist("App", 2, TIME);
		assertThat(snapshot.get("App").recordNumber()).isEqualTo(1);
		assertThat(service.states().get("App").recordNumber()).isEqualTo(2);
	}

	@Test
	void newNameBeyondMaxLogsShouldBeRefusedWhileTrackedNamesStillUpdate() {
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 1000, LONG);
		service.setLimits(3, Long.MAX_VALUE);
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
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 1000, LONG);
		service.setLimits(3, Long.MAX_VALUE);
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
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 1_000_000, LONG);
		service.setLimits(1000, Long.MAX_VALUE);
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
		TestStore store = new TestStore(this.dir.resolve("c.yml"));
		CheckpointEngine service = start(store, 1000, LONG);
		service.setLimits(Integer.MAX_VALUE, 5);
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
		TestStore store = new TestStore(this.dir.resolve("c.yml"));
		store.failNext = Integer.MAX_VALUE;
		CheckpointEngine service = start(store, 10, Duration.ofSeconds(1));
		service.setLimits(Integer.MAX_VALUE, 1000);
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
		assertThat(store.failures.get()).isPositive();
		assertThat(mostPending.get()).isLessThanOrEqualTo(1000);
		assertThat(service.acceptedUpdates()).isEqualTo(1000);
		assertThat(service.size()).isEqualTo(1000);
		assertThat(refused.get()).isEqualTo(20_000 - 1000);
		store.failNext = 0;
		service.flush(Duration.ofSeconds(10));
		assertThat(service.pendingUpdates()).isZero();
		assertThat(reload(this.dir.resolve("c.yml"))).hasSize(1000);
	}

	@Test
	void rewindsAndDeletesShouldBeToldToTheAuditListener() {
		CheckpointEngine service = start(new TestStore(this.dir.resolve("c.yml")), 1000, LONG);
		List<String> audit = new ArrayList<>();
		service.setAuditListener(new AuditListener() {

			@Override
			public void rewound(EventLogState previous, EventLogState current) {
				audit.add("rewound " + current.name() + " " + previous.recordNumberString() + " -> "
						+ current.recordNumberString());
			}

			@Override
			public void deleted(EventLogState previous) {
				audit.add("deleted " + previous.name() + " " + previous.recordNumberString());
			}

		});
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
