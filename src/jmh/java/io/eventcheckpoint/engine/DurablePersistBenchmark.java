package io.eventcheckpoint.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Updates per second when every update waits until it is on disk ({@code persist} then
 * {@code flush}), the case the Go original manages about 300 times a second. Concurrent writers
 * share one write (group commit), so more writers get more updates through each fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class DurablePersistBenchmark {

	@Param({ "1000" })
	int logs;

	private final AtomicInteger threads = new AtomicInteger();

	private Path directory;

	private CheckpointEngine service;

	@Setup(Level.Trial)
	public void start() {
		this.directory = BenchmarkStates.newDirectory();
		this.service = new CheckpointEngine(
				new YamlFileCheckpointStore(this.directory.resolve("checkpoint.yml"), OnCorrupt.FAIL), 100,
				Duration.ofSeconds(5));
		this.service.persistAll(BenchmarkStates.sortedStates(this.logs));
		this.service.flush(Duration.ofMinutes(1));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.service.shutdown();
		BenchmarkStates.deleteDirectory(this.directory);
	}

	/** Each writer thread walks its own part of the names. */
	@State(Scope.Thread)
	public static class Writer {

		NameWalk walk;

		@Setup(Level.Trial)
		public void start(DurablePersistBenchmark benchmark) {
			this.walk = new NameWalk(benchmark.logs, benchmark.threads.getAndIncrement(), 97);
		}

	}

	@Benchmark
	@Threads(1)
	public void durableOneWriter(Writer writer) {
		durable(writer);
	}

	@Benchmark
	@Threads(16)
	public void durableSixteenWriters(Writer writer) {
		durable(writer);
	}

	private void durable(Writer writer) {
		this.service.persist(writer.walk.nextState());
		this.service.flush(Duration.ofMinutes(1));
	}

}
