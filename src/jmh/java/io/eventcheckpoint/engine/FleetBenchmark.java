package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fleet view and the clean-up of issue 16 over 1M logs in 100k groups (10 logs per
 * collector): {@code groups} is what {@code GET /fleet} and the collector metrics compute,
 * {@code dryRun} what a dry run lists (every log matches), and {@code cleanUp} a real clean-up
 * deleting all 1M logs (the engine is refilled before each; single shot).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class FleetBenchmark {

	@Param({ "1000000" })
	int logs;

	@Param({ "10" })
	int logsPerGroup;

	private final MovableClock clock = new MovableClock();

	private CheckpointEngine engine;

	private Instant cutoff;

	/** Which log {@code groupsAfterChurn} updates next: collector by collector, oldest first. */
	private int churn;

	@Setup(Level.Iteration)
	public void fill() {
		this.engine = new CheckpointEngine(BenchmarkStates.discardingStore(),
				EngineSettings.of(Integer.MAX_VALUE, Duration.ofHours(1)).withClock(this.clock));
		OffsetDateTime timestamp = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
		List<EventLogState> batch = new ArrayList<>(10_000);
		for (int i = 0; i < this.logs; i++) {
			batch.add(new EventLogState(String.format("host-%06d/Channel-%d", i / this.logsPerGroup,
					i % this.logsPerGroup), i, timestamp));
			if (batch.size() == 10_000) {
				this.engine.persistAll(batch);
				batch.clear();
			}
		}
		this.engine.persistAll(batch);
		this.clock.advance(Duration.ofDays(31));
		this.cutoff = this.clock.instant().minus(Duration.ofDays(30));
		this.churn = 0;
		// The first sort of the names happens here, as the first flush of a running service does it.
		this.engine.sortedStates();
	}

	@TearDown(Level.Iteration)
	public void stop() {
		this.engine.shutdown();
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 2, time = 3)
	@Measurement(iterations = 5, time = 3)
	public List<LogGroup> groups() {
		return this.engine.fleet().groups(1, "");
	}

	/** The walk over every name that {@code groups} replaced at depth 1, and that deeper depths still use. */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 2, time = 3)
	@Measurement(iterations = 5, time = 3)
	public List<LogGroup> groupsWalk() {
		return this.engine.fleet().groups(1, (name) -> true);
	}

	/**
	 * Updates the oldest log of 1,000 collectors (each is then stale: its next oldest is unknown)
	 * and reads the groups, which walks those 1,000 collectors again.
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 2, time = 3)
	@Measurement(iterations = 5, time = 3)
	public List<LogGroup> groupsAfterChurn() {
		OffsetDateTime timestamp = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
		int groups = this.logs / this.logsPerGroup;
		List<EventLogState> batch = new ArrayList<>(1000);
		for (int i = 0; i < 1000; i++) {
			int group = this.churn % groups;
			int channel = (this.churn / groups) % this.logsPerGroup;
			this.churn++;
			batch.add(new EventLogState(String.format("host-%06d/Channel-%d", group, channel), i, timestamp));
		}
		this.clock.advance(Duration.ofMillis(1));
		this.engine.persistAll(batch);
		return this.engine.fleet().groups(1, "");
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 2, time = 3)
	@Measurement(iterations = 5, time = 3)
	public List<String> dryRun() {
		return this.engine.fleet().notUpdatedSince("", this.cutoff, (name) -> true);
	}

	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 1)
	@Measurement(iterations = 5)
	public int cleanUp() {
		List<String> names = this.engine.fleet().notUpdatedSince("", this.cutoff, (name) -> true);
		return this.engine.fleet().deleteNotUpdatedSince(names, this.cutoff).size();
	}

	/** Moves only when told, so every log is exactly 31 days old. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
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
			throw new UnsupportedOperationException();
		}

	}

}
