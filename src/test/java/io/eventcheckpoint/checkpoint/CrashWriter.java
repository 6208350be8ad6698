package io.eventcheckpoint.checkpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

import io.eventcheckpoint.checkpoint.store.OnCorrupt;
import io.eventcheckpoint.checkpoint.store.YamlFileCheckpointStore;

/**
 * A process that persists without pause and flushes after every update, to be killed with SIGKILL
 * by {@link CrashSafetyTests}.
 */
public final class CrashWriter {

	private CrashWriter() {
	}

	public static void main(String[] args) {
		Path file = Path.of(args[0]);
		CheckpointService service = new CheckpointService(new YamlFileCheckpointStore(file, OnCorrupt.FAIL), 1,
				Duration.ofSeconds(1));
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
