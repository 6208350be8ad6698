package io.eventcheckpoint.engine;

import java.nio.file.Path;
import java.time.Duration;

import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time of one flush as the engine does it, with {@code size} logs tracked: swap the pending
 * change, sort every state by name, write the YAML file, fsync it, link the previous copy, rename,
 * fsync the directory. This is what a durable write waits for and what the targets mean.
 * {@code flush} is the steady state; {@code flushAfterNewLog} the worst case, where the order of
 * names must be sorted again.
 */
public class EngineFlushBenchmark extends FleetSizeBenchmark {

	private Path directory;

	private CheckpointEngine service;

	private long update;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.directory = BenchmarkStates.newDirectory();
		YamlFileCheckpointStore store = new YamlFileCheckpointStore(this.directory.resolve("checkpoint.yml"),
				OnCorrupt.FAIL);
		this.service = new CheckpointEngine(store, Integer.MAX_VALUE, Duration.ofHours(1));
		this.service.persistAll(BenchmarkStates.sortedStates(this.size));
		this.service.flush(Duration.ofMinutes(5));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.service.shutdown();
		BenchmarkStates.deleteDirectory(this.directory);
	}

	/** The steady state: known logs move on, so the engine reuses its sorted order of names. */
	@Benchmark
	public void flush() {
		long update = ++this.update;
		this.service.persist(BenchmarkStates.state((int) (update % this.size), update));
		this.service.flush(Duration.ofMinutes(5));
	}

	/** A new log joins before each flush, so the engine sorts every name again. */
	@Benchmark
	public void flushAfterNewLog() {
		long update = ++this.update;
		this.service.persist(BenchmarkStates.state(this.size + (int) update, update));
		this.service.flush(Duration.ofMinutes(5));
	}

}
