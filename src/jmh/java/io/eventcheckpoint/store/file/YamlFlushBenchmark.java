package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.engine.BenchmarkStates;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
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
 * Time of {@link YamlFileCheckpointStore#save} alone for an already sorted snapshot: write the
 * temporary file, fsync it, link the previous copy, rename, fsync the directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class YamlFlushBenchmark {

	@Param({ "1000", "10000", "100000", "1000000" })
	int size;

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
