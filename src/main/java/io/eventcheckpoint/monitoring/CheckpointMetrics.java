package io.eventcheckpoint.monitoring;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.FlushListener;
import io.eventcheckpoint.engine.FlushTrigger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the engine as Micrometer meters: flushes by outcome and trigger, updates accepted and
 * pending, logs tracked, bytes per flush, the time of the last successful flush and store recoveries;
 * for the file store also its journal (size, damaged segments cut) and its snapshots.
 * <p>
 * Gauges and function counters read the engine through method references when scraped, so the
 * write path pays nothing for them. No meter is tagged by log name: their number is unbounded. The
 * engine is looked up when the binder is bound, not when it is created, because the engine takes
 * every {@link FlushListener}, this one included, when it is created.
 */
public class CheckpointMetrics implements MeterBinder, FlushListener {

	static final String FLUSH = "checkpoint.flush";

	static final String FLUSH_SIZE = "checkpoint.flush.size";

	static final String UPDATES = "checkpoint.updates";

	static final String UPDATES_PENDING = "checkpoint.updates.pending";

	static final String LOGS = "checkpoint.logs";

	static final String LAST_FLUSH = "checkpoint.last.flush.timestamp";

	static final String STORE_RECOVERIES = "checkpoint.store.recoveries";

	static final String JOURNAL_TRUNCATIONS = "checkpoint.journal.truncations";

	static final String JOURNAL_SIZE = "checkpoint.journal.size";

	static final String SNAPSHOTS = "checkpoint.snapshots";

	static final String SUCCESS = "success";

	static final String FAILURE = "failure";

	private final Supplier<CheckpointEngine> checkpoints;

	/** The flush meters of every registry this binder is bound to (usually one). */
	private final List<FlushMeters> bound = new CopyOnWriteArrayList<>();

	/**
	 * Create the binder.
	 * @param checkpoints supplies the engine when the binder is bound
	 */
	public CheckpointMetrics(Supplier<CheckpointEngine> checkpoints) {
		this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CheckpointEngine checkpoints = this.checkpoints.get();
		FunctionCounter.builder(UPDATES, checkpoints, CheckpointEngine::acceptedUpdates)
			.description("Updates (persists and deletes) accepted since start-up")
			.register(registry);
		Gauge.builder(UPDATES_PENDING, checkpoints, CheckpointEngine::pendingUpdates)
			.description("Updates accepted and not yet durable in the store")
			.register(registry);
		Gauge.builder(LOGS, checkpoints, CheckpointEngine::size)
			.description("Event logs tracked")
			.register(registry);
		TimeGauge.builder(LAST_FLUSH, checkpoints, TimeUnit.SECONDS, CheckpointMetrics::lastFlushEpochSeconds)
			.description("Unix time of the last successful flush (or of the file loaded at start-up); 0 if none")
			.register(registry);
		FunctionCounter.builder(STORE_RECOVERIES, checkpoints.store(), CheckpointStore::recoveries)
			.description("Corrupt checkpoint files or records set aside at start-up")
			.register(registry);
		if (checkpoints.store() instanceof YamlFileCheckpointStore file) {
			bindJournal(registry, file);
		}
		this.bound.add(new FlushMeters(registry));
	}

	private static void bindJournal(MeterRegistry registry, YamlFileCheckpointStore file) {
		FunctionCounter.builder(JOURNAL_TRUNCATIONS, file, YamlFileCheckpointStore::journalTruncations)
			.description("Journal segments found damaged at start-up and cut at their last good record")
			.register(registry);
		Gauge.builder(JOURNAL_SIZE, file, YamlFileCheckpointStore::journalBytes)
			.description("Bytes of journal records that no snapshot of the checkpoint file covers yet")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		FunctionCounter.builder(SNAPSHOTS, file, YamlFileCheckpointStore::snapshots)
			.description("Background rewrites of the checkpoint file from memory")
			.tag("outcome", SUCCESS)
			.register(registry);
		FunctionCounter.builder(SNAPSHOTS, file, YamlFileCheckpointStore::snapshotFailures)
			.description("Background rewrites of the checkpoint file from memory")
			.tag("outcome", FAILURE)
			.register(registry);
	}

	/**
	 * The time of the last successful flush for Prometheus: 0 rather than NaN when there is none, so
	 * that {@code time() - checkpoint_last_flush_timestamp_seconds > bound} alerts when no flush ever
	 * succeeded, where a NaN would compare false and stay silent.
	 */
	private static double lastFlushEpochSeconds(CheckpointEngine checkpoints) {
		OffsetDateTime last = checkpoints.lastSuccessfulFlush();
		if (last == null) {
			return 0;
		}
		return last.toEpochSecond() + last.getNano() / 1e9;
	}

	@Override
	public void flushSucceeded(FlushTrigger trigger, Duration duration, long bytes, long updates) {
		for (FlushMeters meters : this.bound) {
			meters.succeeded.get(trigger).record(duration);
			if (bytes > 0) {
				// 0 means the store cannot tell; recording it would drag the average down.
				meters.size.record(bytes);
			}
		}
	}

	@Override
	public void flushFailed(FlushTrigger trigger, Duration duration, Throwable cause) {
		for (FlushMeters meters : this.bound) {
			meters.failed.get(trigger).record(duration);
		}
	}

	/**
	 * The meters that flush callbacks record into. Every outcome and trigger is registered up front,
	 * so dashboards and alerts have a series at 0 before the first failure.
	 */
	private static final class FlushMeters {

		final Map<FlushTrigger, Timer> succeeded = new EnumMap<>(FlushTrigger.class);

		final Map<FlushTrigger, Timer> failed = new EnumMap<>(FlushTrigger.class);

		final DistributionSummary size;

		FlushMeters(MeterRegistry registry) {
			for (FlushTrigger trigger : FlushTrigger.values()) {
				this.succeeded.put(trigger, flushTimer(registry, SUCCESS, trigger));
				this.failed.put(trigger, flushTimer(registry, FAILURE, trigger));
			}
			this.size = DistributionSummary.builder(FLUSH_SIZE)
				.description("Bytes written by successful flushes")
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
		}

		private static Timer flushTimer(MeterRegistry registry, String outcome, FlushTrigger trigger) {
			return Timer.builder(FLUSH)
				.description("Writes of pending updates to the checkpoint store")
				.tag("outcome", outcome)
				.tag("trigger", trigger.tagValue())
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofMillis(1))
				.maximumExpectedValue(Duration.ofSeconds(30))
				.register(registry);
		}

	}

}
