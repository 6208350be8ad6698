package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventcheckpoint.engine.BenchmarkStates;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.engine.LoadedCheckpoint;
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
 * Opening the file store after a crash: load the YAML file of {@code size} logs, then replay a
 * journal of {@code journalMb} megabytes of flushes of 10,000 random changes each (the worst case:
 * the crash came just before a snapshot). Each invocation opens a fresh copy of the directory, so
 * the cut and the new segment of one open do not change the next.
 * <p>
 * The heap is 512 MiB, the size the service is documented to hold 1M logs in (HeapPerLog): with a
 * larger heap the collector hides what an open costs in a real deployment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class JournalOpenBenchmark {

	@Param({ "1000000" })
	int size;

	@Param({ "100" })
	int journalMb;

	private Path source;

	private Path copy;

	@Setup(Level.Trial)
	public void write() throws IOException {
		this.source = BenchmarkStates.newDirectory();
		Path file = this.source.resolve("checkpoint.yml");
		writeSnapshot(file);
		// Snapshots never run here (a day's interval): the supplier is never read.
		Supplier<List<EventLogState>> snapshot = List::of;
		YamlFileCheckpointStore store = new YamlFileCheckpointStore(file, OnCorrupt.FAIL,
				JournalSettings.journal(Duration.ofDays(1), Long.MAX_VALUE));
		store.load();
		SplittableRandom random = new SplittableRandom(42);
		long update = 0;
		while (store.journalBytes() < (long) this.journalMb << 20) {
			List<Change> changes = new ArrayList<>(10_000);
			for (int i = 0; i < 10_000; i++) {
				EventLogState state = BenchmarkStates.state(random.nextInt(this.size), ++update);
				changes.add(new Change(state.name(), state, Instant.now()));
			}
			store.save(new FlushBatch(OffsetDateTime.now(ZoneOffset.UTC), changes, snapshot));
		}
		System.out.printf("%njournal: %d bytes over %d logs%n", store.journalBytes(), this.size);
		// Left as a crash leaves it: close() would snapshot and delete the journal.
		store.halt();
	}

	/** A separate method, so the snapshot's million states are garbage before the journal's store loads its own. */
	private void writeSnapshot(Path file) throws IOException {
		List<EventLogState> snapshot = BenchmarkStates.sortedStates(this.size);
		new YamlFileCheckpointStore(file, OnCorrupt.FAIL).save(
				new FlushBatch(OffsetDateTime.now(ZoneOffset.UTC), List.of(), () -> snapshot));
	}

	@Setup(Level.Invocation)
	public void copy() throws IOException {
		this.copy = BenchmarkStates.newDirectory();
		try (var files = Files.list(this.source)) {
			for (Path path : (Iterable<Path>) files::iterator) {
				Files.copy(path, this.copy.resolve(path.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
	}

	private YamlFileCheckpointStore opened;

	@TearDown(Level.Invocation)
	public void deleteCopy() throws IOException {
		this.opened.halt();
		// The next open must not find this one's million states still reachable.
		this.opened = null;
		BenchmarkStates.deleteDirectory(this.copy);
	}

	@TearDown(Level.Trial)
	public void delete() {
		BenchmarkStates.deleteDirectory(this.source);
	}

	@Benchmark
	public LoadedCheckpoint open() throws IOException {
		YamlFileCheckpointStore store = new YamlFileCheckpointStore(this.copy.resolve("checkpoint.yml"),
				OnCorrupt.FAIL, JournalSettings.journal(Duration.ofDays(1), Long.MAX_VALUE));
		this.opened = store;
		return store.load();
	}

}
