package io.eventcheckpoint.engine;

import java.time.Duration;
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
 * The request-path cost of issue 15's checks: single writes without preconditions, over 100k
 * logs, with backward moves allowed (the Go original's semantics) and rejected (every write
 * compares its {@code (epoch, record_number)} with the stored one), on a store that keeps
 * nothing. Record numbers only grow, so no write is refused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class FencedPersistBenchmark {

	@Param({ "100000" })
	int logs;

	@Param({ "allow", "reject" })
	String backwardMoves;

	private CheckpointEngine engine;

	private WriteOptions options;

	private long next;

	private String[] names;

	private final java.time.OffsetDateTime timestamp = java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z");

	@Setup(Level.Trial)
	public void start() {
		this.engine = new CheckpointEngine(BenchmarkStates.discardingStore(),
				EngineSettings.of(100, Duration.ofSeconds(5)));
		this.options = "reject".equals(this.backwardMoves) ? new WriteOptions(true, false, null) : WriteOptions.NONE;
		this.names = new String[this.logs];
		for (int i = 0; i < this.logs; i++) {
			this.names[i] = BenchmarkStates.name(i);
			this.engine.persist(new EventLogState(this.names[i], 0, this.timestamp));
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.engine.shutdown();
	}

	@Benchmark
	public List<LogMetadata> write() {
		long n = this.next++;
		// Each log's record number only grows: n + 1 is above every earlier write of the same log.
		EventLogState state = new EventLogState(this.names[(int) (n % this.logs)], n + 1, this.timestamp);
		return this.engine.write(List.of(PositionWrite.of(state)), this.options);
	}

}
