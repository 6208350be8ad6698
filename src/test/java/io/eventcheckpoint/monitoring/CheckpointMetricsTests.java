package io.eventcheckpoint.monitoring;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushFailedException;
import io.eventcheckpoint.engine.FlushTrigger;
import io.eventcheckpoint.support.InMemoryCheckpointStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.store.file.JournalSettings;
import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Meter values of {@link CheckpointMetrics} after known sequences of updates and failures.
 */
class CheckpointMetricsTests {

	private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private CheckpointEngine checkpoints;

	@AfterEach
	void shutdown() {
		if (this.checkpoints != null) {
			this.checkpoints.shutdown();
		}
	}

	/** An engine that flushes only when asked, with the metrics bound to {@link #registry}. */
	private CheckpointEngine start(CheckpointStore store, int maxUpdates) {
		CheckpointMetrics metrics = new CheckpointMetrics(() -> this.checkpoints);
		this.checkpoints = new CheckpointEngine(store, EngineSettings.of(maxUpdates, Duration.ofHours(1))
			.withShutdownTimeout(Duration.ofSeconds(5))
			.withFlushListener(metrics));
		metrics.bindTo(this.registry);
		return this.checkpoints;
	}

	private double flushCount(String outcome, FlushTrigger trigger) {
		return this.registry.get(CheckpointMetrics.FLUSH)
			.tags("outcome", outcome, "trigger", trigger.tagValue())
			.timer()
			.count();
	}

	private double flushCount(String outcome) {
		return this.registry.get(CheckpointMetrics.FLUSH)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

	/** Listeners hear of a flush just after its waiters are released, so wait for the count. */
	private void awaitFlushCount(String outcome, FlushTrigger trigger, int count) {
		Awaitility.await()
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(flushCount(outcome, trigger)).isEqualTo(count));
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double counter(String name) {
		return this.registry.get(name).functionCounter().count();
	}

	@Test
	void acceptedUpdatesAndAFlushShouldShowInEveryMeter() {
		CheckpointEngine checkpoints = start(new YamlFileCheckpointStore(this.dir.resolve("checkpoint.yml"), OnCorrupt.FAIL), 1000);
		checkpoints.persist("Application", 1, TIME);
		checkpoints.persist("Security", 7, TIME);
		checkpoints.persist("Application", 2, TIME);
		checkpoints.persistAll(List.of(new EventLogState("System", 3, TIME), new EventLogState("Security", 8, TIME)));
		assertThat(counter(CheckpointMetrics.UPDATES)).isEqualTo(5);
		assertThat(gauge(CheckpointMetrics.UPDATES_PENDING)).isEqualTo(5);
		checkpoints.flush(WAIT);
		awaitFlushCount(CheckpointMetrics.SUCCESS, FlushTrigger.DURABLE, 1);
		assertThat(counter(CheckpointMetrics.UPDATES)).isEqualTo(5);
		assertThat(flushCount(CheckpointMetrics.FAILURE)).isZero();
		assertThat(gauge(CheckpointMetrics.UPDATES_PENDING)).isZero();
		assertThat(gauge(CheckpointMetrics.LOGS)).isEqualTo(3);
		assertThat(this.registry.get(CheckpointMetrics.FLUSH_SIZE).summary().count()).isEqualTo(1);
		assertThat(this.registry.get(CheckpointMetrics.FLUSH_SIZE).summary().totalAmount())
			.isEqualTo((double) fileSize());
		OffsetDateTime last = checkpoints.lastSuccessfulFlush();
		assertThat(this.registry.get(CheckpointMetrics.LAST_FLUSH).timeGauge().value())
			.isEqualTo(last.toEpochSecond() + last.getNano() / 1e9);
	}

	private long fileSize() {
		try {
			return Files.size(this.dir.resolve("checkpoint.yml"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void deletesShouldCountAsUpdatesAndLeaveTheLogCount() {
		CheckpointEngine checkpoints = start(new InMemoryCheckpointStore(), 1000);
		checkpoints.persist("Application", 1, TIME);
		checkpoints.persist("Security", 2, TIME);
		checkpoints.delete("Application");
		checkpoints.delete("Unknown");
		checkpoints.flush(WAIT);
		awaitFlushCount(CheckpointMetrics.SUCCESS, FlushTrigger.DURABLE, 1);
		assertThat(counter(CheckpointMetrics.UPDATES)).isEqualTo(3);
		assertThat(gauge(CheckpointMetrics.LOGS)).isEqualTo(1);
	}

	@Test
	void everyOutcomeAndTriggerShouldHaveASeriesAtZeroBeforeTheFirstFlush() {
		start(new InMemoryCheckpointStore(), 1000);
		for (FlushTrigger trigger : FlushTrigger.values()) {
			assertThat(flushCount(CheckpointMetrics.SUCCESS, trigger)).isZero();
			assertThat(flushCount(CheckpointMetrics.FAILURE, trigger)).isZero();
		}
		assertThat(this.registry.get(CheckpointMetrics.FLUSH).timers()).hasSize(8);
	}

	@Test
	void everyMeterNameShouldHaveOneSetOfTagKeys() {
		CheckpointEngine checkpoints = start(new InMemoryCheckpointStore(), 1000);
		checkpoints.persist("Application", 1, TIME);
		checkpoints.flush(WAIT);
		awaitFlushCount(CheckpointMetrics.SUCCESS, FlushTrigger.DURABLE, 1);
		this.registry.getMeters()
			.stream()
			.collect(Collectors.groupingBy((meter) -> meter.getId().getName(),
					Collectors.mapping(CheckpointMetricsTests::tagKeys, Collectors.toSet())))
			.forEach((name, tagKeySets) -> assertThat(tagKeySets).as(name).hasSize(1));
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(tagKeys(meter)).isSubsetOf("outcome",
				"trigger"));
	}

	private static Set<String> tagKeys(Meter meter) {
		return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
	}

	@Test
	void flushesShouldBeTaggedWithWhatTriggeredThem() {
		CheckpointEngine checkpoints = start(new InMemoryCheckpointStore(), 2);
		checkpoints.persist("Application", 1, TIME);
		checkpoints.persist("Application", 2, TIME);
		awaitFlushCount(CheckpointMetrics.SUCCESS, FlushTrigger.MAX_UPDATES, 1);
		checkpoints.persist("Application", 3, TIME);
		checkpoints.shutdown();
		assertThat(flushCount(CheckpointMetrics.SUCCESS, FlushTrigger.SHUTDOWN)).isEqualTo(1);
		assertThat(flushCount(CheckpointMetrics.SUCCESS)).isEqualTo(2);
	}

	@Test
	void failedFlushesShouldCountAsFailuresAndKeepUpdatesPendingUntilARetrySucceeds() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().failing(true);
		CheckpointEngine checkpoints = start(store, 1000);
		checkpoints.persist("Application", 1, TIME);
		checkpoints.persist("Security", 2, TIME);
		assertThatExceptionOfType(FlushFailedException.class).isThrownBy(() -> checkpoints.flush(WAIT));
		awaitFlushCount(CheckpointMetrics.FAILURE, FlushTrigger.DURABLE, 1);
		// The engine retries on its own, tagged interval.
		Awaitility.await()
			.atMost(WAIT)
			// At least one: on a busy machine the backoff's next retries may come before a poll sees exactly one.
			.untilAsserted(() -> assertThat(flushCount(CheckpointMetrics.FAILURE, FlushTrigger.INTERVAL)).isPositive());
		assertThat(gauge(CheckpointMetrics.UPDATES_PENDING)).isEqualTo(2);
		assertThat(flushCount(CheckpointMetrics.SUCCESS)).isZero();
		assertThat(this.registry.get(CheckpointMetrics.LAST_FLUSH).timeGauge().value()).isZero();
		assertThat(this.registry.get(CheckpointMetrics.FLUSH_SIZE).summary().count()).isZero();
		store.failing(false);
		awaitFlushCount(CheckpointMetrics.SUCCESS, FlushTrigger.INTERVAL, 1);
		assertThat(flushCount(CheckpointMetrics.FAILURE)).isEqualTo(store.failures());
		assertThat(gauge(CheckpointMetrics.UPDATES_PENDING)).isZero();
		assertThat(counter(CheckpointMetrics.UPDATES)).isEqualTo(2);
		assertThat(this.registry.get(CheckpointMetrics.FLUSH_SIZE).summary().count()).isEqualTo(1);
		assertThat(this.registry.get(CheckpointMetrics.LAST_FLUSH).timeGauge().value()).isPositive();
	}

	@Test
	void lastFlushTimestampShouldStartAtTheLoadedFilesUpdateTime() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		writeCheckpoint(file, TIME);
		start(new YamlFileCheckpointStore(file, OnCorrupt.FAIL), 1000);
		assertThat(this.registry.get(CheckpointMetrics.LAST_FLUSH).timeGauge().value())
			.isEqualTo(TIME.toEpochSecond());
		assertThat(gauge(CheckpointMetrics.LOGS)).isEqualTo(1);
		assertThat(counter(CheckpointMetrics.UPDATES)).isZero();
	}

	@Test
	void aCorruptFileSetAsideShouldCountAsARecovery() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		writeCheckpoint(this.dir.resolve("checkpoint.yml.prev"), TIME);
		Files.writeString(file, "\0\0\0\0");
		start(new YamlFileCheckpointStore(file, OnCorrupt.FAIL), 1000);
		assertThat(counter(CheckpointMetrics.STORE_RECOVERIES)).isEqualTo(1);
		assertThat(gauge(CheckpointMetrics.LOGS)).isEqualTo(1);
	}

	@Test
	void aDamagedJournalCutAtStartUpShouldCountAsATruncation() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		Files.write(this.dir.resolve("checkpoint.yml.journal.0000000000000001"), "CKPTJNL\1garbage".getBytes());
		start(new YamlFileCheckpointStore(file, OnCorrupt.FAIL,
				JournalSettings.journal(Duration.ofMinutes(5), 1 << 20)), 1000);
		assertThat(counter(CheckpointMetrics.JOURNAL_TRUNCATIONS)).isEqualTo(1);
		assertThat(counter(CheckpointMetrics.STORE_RECOVERIES)).isZero();
		assertThat(gauge(CheckpointMetrics.JOURNAL_SIZE)).isZero();
		assertThat(this.registry.get(CheckpointMetrics.SNAPSHOTS).tag("outcome", "success").functionCounter().count())
			.isZero();
	}

	private static void writeCheckpoint(Path file, OffsetDateTime updateTime) throws Exception {
		try (var writer = Files.newBufferedWriter(file)) {
			CheckpointYaml.write(writer, updateTime, List.of(new EventLogState("Application", 41, TIME)));
		}
	}

}
