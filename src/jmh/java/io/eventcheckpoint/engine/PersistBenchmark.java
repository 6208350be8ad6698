package io.eventcheckpoint.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Positions per second that {@link CheckpointEngine#persist(EventLogState)} accepts, with 1 and 2
 * writer threads, over 100k tracked logs.
 * <p>
 * {@code store=discarding} measures the engine alone; {@code store=yaml} runs the production
 * defaults (flush every 100 updates or 5 s to the YAML file), so the flush thread rewrites the whole
 * file back to back and competes with the writers for the machine's two cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class PersistBenchmark {

	private static final int BATCH = 500;

	@Param({ "100000" })
	int logs;

	@Param({ "discarding", "yaml" })
	String store;

	private final AtomicInteger threads = new AtomicInteger();

	private Path directory;

	CheckpointEngine service;

	@Setup(Level.Trial)
	public void start() {
		CheckpointStore checkpointStore = BenchmarkStates.discardingStore();
		if (this.store.equals("yaml")) {
			this.directory = BenchmarkStates.newDirectory();
			checkpointStore = new YamlFileCheckpointStore(this.directory.resolve("checkpoint.yml"), OnCorrupt.FAIL);
		}
		this.service = new CheckpointEngine(checkpointStore, 100, Duration.ofSeconds(5));
		List<EventLogState> all = new ArrayList<>(this.logs);
		for (int i = 0; i < this.logs; i++) {
			all.add(BenchmarkStates.state(i, 0));
		}
		this.service.persistAll(all);
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
		public void start(PersistBenchmark benchmark) {
			this.walk = new NameWalk(benchmark.logs, benchmark.threads.getAndIncrement(), 7_919);
		}

	}

	@Benchmark
	@Threads(1)
	public EventLogState persistOneThread(Writer writer) {
		return this.service.persist(writer.walk.nextState());
	}

	@Benchmark
	@Threads(2)
	public EventLogState persistTwoThreads(Writer writer) {
		return this.service.persist(writer.walk.nextState());
	}

	/** What a batch POST of 500 positions costs the engine, per position (states built included). */
	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public void persistAllBatchOf500(Writer writer) {
		List<EventLogState> batch = new ArrayList<>(BATCH);
		for (int i = 0; i < BATCH; i++) {
			batch.add(writer.walk.nextState());
		}
		this.service.persistAll(batch);
	}

}
