package io.eventcheckpoint.store.file;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.engine.WriteOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;

/**
 * A process that persists without pause and flushes after every update, journaling each flush
 * and snapshotting often (or, with the argument {@code plain}, rewriting the file and appending to
 * its side file on every flush), to be killed with SIGKILL by {@link CrashSafetyTests}. It prints
 * {@code flushed <record number>} once its first round of updates is durable.
 */
public final class CrashWriter {

	private CrashWriter() {
	}

	public static void main(String[] args) {
		Path file = Path.of(args[0]);
		boolean plain = args.length > 1 && args[1].equals("plain");
		CheckpointEngine service = new CheckpointEngine(new YamlFileCheckpointStore(file, OnCorrupt.FAIL,
				plain ? JournalSettings.DISABLED : JournalSettings.journal(Duration.ofMillis(200), 256 << 10)), 1,
				Duration.ofSeconds(1));
		long next = service.states().values().stream().mapToLong(EventLogState::recordNumber).max().orElse(0) + 1;
		for (long i = next;; i++) {
			for (int log = 0; log < 50; log++) {
				if (plain) {
					// The epoch is the record number, so metadata older than its state shows as epoch < record.
					service.write(List.of(new PositionWrite(new EventLogState("host-" + log + "/Security", i,
							OffsetDateTime.now()), i, 0, false)), WriteOptions.NONE);
				}
				else {
					service.persist("host-" + log + "/Security", i, OffsetDateTime.now());
				}
			}
			if (i == next) {
				// The killer draws its moment only after this: a kill before any durable write proves nothing.
				service.flush(Duration.ofMinutes(1));
				System.out.println("flushed " + i);
				System.out.flush();
			}
		}
	}

}
