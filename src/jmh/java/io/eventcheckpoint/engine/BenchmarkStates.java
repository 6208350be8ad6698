package io.eventcheckpoint.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Realistic test data for the benchmarks: a Windows fleet where every host reports a few channels.
 * <p>
 * Names look like {@code host-012345/Microsoft-Windows-Sysmon/Operational}; six of the eight channels
 * are long operational logs, so the average name has 48 characters, not a flattering short key.
 */
public final class BenchmarkStates {

	private static final String[] CHANNELS = { "Application", "Security", "Microsoft-Windows-Sysmon/Operational",
			"Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-TaskScheduler/Operational",
			"Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
			"Microsoft-Windows-Bits-Client/Operational" };

	private static final OffsetDateTime BASE = OffsetDateTime.of(2024, 5, 1, 8, 0, 0, 0, ZoneOffset.UTC);

	private BenchmarkStates() {
	}

	/**
	 * The name of the log with index {@code i}.
	 * @param i the index
	 * @return a distinct name for every index
	 */
	public static String name(int i) {
		// Built by hand: String.format cost more than the engine's whole write it is measured with.
		String host = Integer.toString(i / CHANNELS.length);
		String channel = CHANNELS[i % CHANNELS.length];
		StringBuilder name = new StringBuilder(12 + channel.length()).append("host-");
		for (int pad = host.length(); pad < 6; pad++) {
			name.append('0');
		}
		return name.append(host).append('/').append(channel).toString();
	}

	/**
	 * A state as a collector would send it: its own name, record number and timestamp objects.
	 * @param i the log's index
	 * @param update how many updates this log has had, to vary the values
	 * @return a new state
	 */
	public static EventLogState state(int i, long update) {
		long record = 1_000_000L + i * 7919L + update;
		OffsetDateTime timestamp = BASE.plusNanos((i * 1_000_003L + update * 999_983L) % 86_400_000_000_000L);
		return new EventLogState(name(i), record, timestamp);
	}

	/**
	 * States for logs {@code 0..size-1}, sorted by name as the engine sorts them for a flush.
	 * @param size how many
	 * @return a sorted, mutable list
	 */
	public static List<EventLogState> sortedStates(int size) {
		List<EventLogState> states = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			states.add(state(i, 0));
		}
		states.sort(Comparator.comparing(EventLogState::name, NameOrder.INSTANCE));
		return states;
	}

	/**
	 * A store that keeps nothing: isolates the engine's own cost from the disk's.
	 * @return a new store
	 */
	public static CheckpointStore discardingStore() {
		return new CheckpointStore() {

			@Override
			public LoadedCheckpoint load() {
				return LoadedCheckpoint.empty();
			}

			@Override
			public long save(FlushBatch batch) {
				return 0;
			}

			@Override
			public String description() {
				return "discarding";
			}

		};
	}

	/**
	 * A fresh directory for checkpoint files: under {@code -Dbench.dir} if set, else under
	 * {@code java.io.tmpdir}. Both are on the machine's disk here (see docs/benchmarks.md).
	 * @return the directory
	 */
	public static Path newDirectory() {
		try {
			String base = System.getProperty("bench.dir");
			if (base != null) {
				Path parent = Path.of(base);
				Files.createDirectories(parent);
				return Files.createTempDirectory(parent, "checkpoint-bench-");
			}
			return Files.createTempDirectory("checkpoint-bench-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Delete a directory made by {@link #newDirectory()} and everything in it.
	 * @param directory the directory, or {@code null}
	 */
	public static void deleteDirectory(Path directory) {
		if (directory == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
