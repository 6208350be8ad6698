package io.eventcheckpoint.store.file;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;

/**
 * A process that persists without pause and flushes after every update, journaling each flush
 * and snapshotting often, to be killed with SIGKILL by {@link CrashSafetyTests}.
 */
public final class CrashWriter {

	private CrashWriter() {
	}

	public static void main(String[] args) {
		Path file = Path.of(args[0]);
		CheckpointEngine service = new CheckpointEngine(new YamlFileCheckpointStore(file, OnCorrupt.FAIL,
				JournalSettings.journal(Duration.ofMillis(200), 256 << 10)), 1, Duration.ofSeconds(1));
		long next = service.states().values().stream().mapToLong(EventLogState::recordNumber).max().orElse(0) + 1;
		System.out.println("started");
		System.out.flush();
		for (long i = next;; i++) {
			for (int log = 0; log < 50; log++) {
				service.persist("host-" + log + "/Security", i, OffsetDateTime.now());
			}
		}
	}

}
