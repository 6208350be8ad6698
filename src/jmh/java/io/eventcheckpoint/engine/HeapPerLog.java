package io.eventcheckpoint.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Heap bytes per tracked log: the heap a {@link CheckpointEngine} retains with N logs, measured as
 * used heap after full GCs before and after, divided by N.
 * <p>
 * Run in a JVM with the heap the issue promises is enough ({@code -Xmx512m} for 1M logs), so the
 * run also proves that the logs fit: it fails with an {@link OutOfMemoryError} if they do not.
 * Two ways in are measured: logs written through {@code persistAll} (what the HTTP API does) and
 * logs loaded from the YAML file at start-up. JOL prints the footprint of one state's objects.
 * Not a JMH benchmark: it measures space, not time.
 */
public final class HeapPerLog {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private HeapPerLog() {
	}

	public static void main(String[] args) throws Exception {
		int logs = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		long maxHeap = Runtime.getRuntime().maxMemory();
		System.out.printf("logs=%d max-heap=%d MiB vm=%s%n", logs, maxHeap >> 20, System.getProperty("java.vm.version"));

		long before = usedAfterGc();
		CheckpointEngine service = new CheckpointEngine(BenchmarkStates.discardingStore(), 100, Duration.ofSeconds(5));
		long nameChars = 0;
		List<EventLogState> chunk = new ArrayList<>(10_000);
		for (int i = 0; i < logs; i++) {
			EventLogState state = BenchmarkStates.state(i, 1);
			nameChars += state.name().length();
			chunk.add(state);
			if (chunk.size() == 10_000 || i == logs - 1) {
				service.persistAll(chunk);
				chunk = new ArrayList<>(10_000);
			}
		}
		chunk = null;
		service.flush(Duration.ofMinutes(1));
		long after = usedAfterGc();
		report("persisted", logs, before, after);
		System.out.printf("average-name-length=%.1f chars%n", (double) nameChars / logs);

		Path directory = BenchmarkStates.newDirectory();
		try {
			YamlFileCheckpointStore store = new YamlFileCheckpointStore(directory.resolve("checkpoint.yml"),
					OnCorrupt.FAIL);
			store.load();
			CheckpointEngine writing = service;
			long bytes = store.save(new FlushBatch(OffsetDateTime.now(ZoneOffset.UTC), List.of(), writing::sortedStates));
			System.out.printf("file-bytes=%d (%.1f per log)%n", bytes, (double) bytes / logs);
			EventLogState sample = service.state(BenchmarkStates.name(logs / 2));
			Reference.reachabilityFence(service);
			writing = null;
			service.shutdown();
			service = null;
			// A fresh store: the one that saved keeps the saved snapshot (for its side file's next
			// append), which would count the first engine's states in 'before'.
			store = null;

			before = usedAfterGc();
			CheckpointEngine loaded = new CheckpointEngine(
					new YamlFileCheckpointStore(directory.resolve("checkpoint.yml"), OnCorrupt.FAIL), 100,
					Duration.ofSeconds(5));
			after = usedAfterGc();
			report("loaded", loaded.size(), before, after);
			Reference.reachabilityFence(loaded);
			loaded.shutdown();

			System.out.println("jol " + VM.current().details().replace('\n', ' '));
			GraphLayout layout = GraphLayout.parseInstance(sample);
			System.out.printf("one-state-footprint=%d bytes (its own objects; shared ZoneOffset included once)%n",
					layout.totalSize());
			System.out.println(layout.toFootprint());
		}
		finally {
			BenchmarkStates.deleteDirectory(directory);
		}
	}

	private static void report(String how, int logs, long before, long after) {
		long retained = after - before;
		System.out.printf("%s: retained=%d bytes (%.1f MiB) bytes-per-log=%.1f%n", how, retained, retained / 1048576.0,
				(double) retained / logs);
	}

	private static long usedAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
