package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.eventcheckpoint.engine.BenchmarkStates;
import io.eventcheckpoint.engine.FleetSizeBenchmark;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time of {@link YamlFileCheckpointStore#save} alone for an already sorted snapshot: write the
 * temporary file, fsync it, link the previous copy, rename, fsync the directory.
 */
public class YamlFlushBenchmark extends FleetSizeBenchmark {

	private Path directory;

	private YamlFileCheckpointStore store;

	private List<EventLogState> snapshot;

	private List<Change> changes;

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.directory = BenchmarkStates.newDirectory();
		this.store = new YamlFileCheckpointStore(this.directory.resolve("checkpoint.yml"), OnCorrupt.FAIL);
		this.store.load();
		this.snapshot = BenchmarkStates.sortedStates(this.size);
		this.changes = List.of(new Change(this.snapshot.get(0).name(), this.snapshot.get(0), Instant.now()));
	}

	@TearDown(Level.Trial)
	public void stop() {
		BenchmarkStates.deleteDirectory(this.directory);
	}

	@Benchmark
	public long save() throws IOException {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		return this.store.save(new FlushBatch(now, this.changes, () -> this.snapshot));
	}

}
