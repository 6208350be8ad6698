package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.eventcheckpoint.engine.BenchmarkStates;
import io.eventcheckpoint.engine.FleetSizeBenchmark;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Start-up cost of a large fleet: {@code load} reads and parses the YAML file (from the page cache,
 * as after a restart of the service alone); {@code startEngine} also fills the engine's map and
 * starts its flush thread, which is what the service does before it takes traffic.
 */
public class YamlLoadBenchmark extends FleetSizeBenchmark {

	private Path directory;

	private YamlFileCheckpointStore store;

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.directory = BenchmarkStates.newDirectory();
		this.store = new YamlFileCheckpointStore(this.directory.resolve("checkpoint.yml"), OnCorrupt.FAIL);
		this.store.load();
		this.store.save(new FlushBatch(OffsetDateTime.now(ZoneOffset.UTC), List.of(),
				() -> BenchmarkStates.sortedStates(this.size)));
	}

	@TearDown(Level.Trial)
	public void stop() {
		BenchmarkStates.deleteDirectory(this.directory);
	}

	@Benchmark
	public LoadedCheckpoint load() throws IOException {
		return this.store.load();
	}

	@Benchmark
	public int startEngine() {
		CheckpointEngine service = new CheckpointEngine(this.store, 100, Duration.ofSeconds(5));
		int size = service.size();
		service.shutdown();
		return size;
	}

}
