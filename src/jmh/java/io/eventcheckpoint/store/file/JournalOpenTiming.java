package io.eventcheckpoint.store.file;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.eventcheckpoint.engine.BenchmarkStates;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.engine.LoadedCheckpoint;

/**
 * Times the steps of opening the file store after a crash (journal scan, YAML load with the merge, rest of the merge)
 * in one JVM, with the opening thread's CPU time, the process's (GC threads included) and GC
 * time: what {@link JournalOpenBenchmark}'s wall time hides on a loaded machine.
 * {@code JournalOpenTiming DIR 0} writes 1M logs and 100 MB of journal into DIR once;
 * {@code JournalOpenTiming DIR N} opens a copy of it N times.
 */
public final class JournalOpenTiming {

	private JournalOpenTiming() {
	}

	public static void main(String[] args) throws Exception {
		Path source = Path.of(args[0]);
		int runs = Integer.parseInt(args[1]);
		Path file = source.resolve("checkpoint.yml");
		if (!Files.exists(file)) {
			List<EventLogState> snapshot = BenchmarkStates.sortedStates(1_000_000);
			new YamlFileCheckpointStore(file, OnCorrupt.FAIL).save(new FlushBatch(OffsetDateTime.now(ZoneOffset.UTC), List.of(), () -> snapshot));
			YamlFileCheckpointStore store = new YamlFileCheckpointStore(file, OnCorrupt.FAIL, JournalSettings.journal(Duration.ofDays(1), Long.MAX_VALUE));
			store.load();
			SplittableRandom random = new SplittableRandom(42);
			long update = 0;
			while (store.journalBytes() < 100L << 20) {
				List<Change> changes = new ArrayList<>(10_000);
				for (int i = 0; i < 10_000; i++) {
					EventLogState state = BenchmarkStates.state(random.nextInt(1_000_000), ++update);
					changes.add(new Change(state.name(), state, java.time.Instant.now()));
				}
				store.save(new FlushBatch(OffsetDateTime.now(ZoneOffset.UTC), changes, () -> snapshot));
			}
			store.halt();
			System.out.println("written");
			return;
		}
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		for (int run = 0; run < runs; run++) {
			Path copy = Files.createTempDirectory("open-timing");
			try (var files = Files.list(source)) {
				for (Path p : (Iterable<Path>) files::iterator) Files.copy(p, copy.resolve(p.getFileName()));
			}
			System.gc();
			long wall = System.nanoTime(), cpu = threads.getCurrentThreadCpuTime(), proc = os.getProcessCpuTime();
			long gc0 = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionTime()).sum();
			CheckpointJournal journal = new CheckpointJournal(copy.resolve("checkpoint.yml"), JournalFaults.NONE);
			JournalTarget target = new JournalTarget(new java.util.HashMap<>(), 0, java.util.List.of());
			CheckpointJournal.Scan scan = journal.scan(target, true);
			long c1 = threads.getCurrentThreadCpuTime();
			CheckpointSnapshotFile snap = new CheckpointSnapshotFile(copy.resolve("checkpoint.yml"), OnCorrupt.FAIL);
			LoadedCheckpoint loaded = snap.load(scan.merge());
			long c2 = threads.getCurrentThreadCpuTime();
			CheckpointJournal.Replay replay = journal.finish(scan, loaded.states());
			List<EventLogState> states = replay.states();
			long c3 = threads.getCurrentThreadCpuTime();
			long w = System.nanoTime() - wall, p = os.getProcessCpuTime() - proc;
			long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> b.getCollectionTime()).sum() - gc0;
			journal.close();
			System.out.printf("run %d: wall %d ms | thread cpu: journal scan %d, yaml+merge %d, finish %d (total %d) | process cpu %d ms | gc %d ms | %d logs %d records%n",
				run, w / 1_000_000, (c1 - cpu) / 1_000_000, (c2 - c1) / 1_000_000, (c3 - c2) / 1_000_000, (c3 - cpu) / 1_000_000, p / 1_000_000, gc, states.size(), replay.records());
			try (var files = Files.list(copy)) { for (Path f : (Iterable<Path>) files::iterator) Files.delete(f); }
			Files.delete(copy);
		}
	}
}
