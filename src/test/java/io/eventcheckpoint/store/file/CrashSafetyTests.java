package io.eventcheckpoint.store.file;

import io.eventcheckpoint.engine.EventLogState;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a process that journals and snapshots without pause (or, without a journal, rewrites the
 * file and appends to its side file), at random moments, and checks that every file left behind
 * loads (never empty, partial or NUL-filled), no position goes back and no metadata is older than
 * its position.
 */
class CrashSafetyTests {

	private static final int CYCLES = Integer.getInteger("checkpoint.crash-cycles", 20);

	@TempDir
	Path dir;

	@Test
	void killMinusNineUnderContinuousUpdatesShouldNeverLeaveAnUnloadableFile() throws Exception {
		killRepeatedly("journal");
	}

	@Test
	void killMinusNineWithoutJournalShouldNeverLeaveMetadataOlderThanTheFile() throws Exception {
		killRepeatedly("plain");
	}

	private void killRepeatedly(String mode) throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		long previousMax = 0;
		for (int cycle = 0; cycle < CYCLES; cycle++) {
			long durable;
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
					CrashWriter.class.getName(), file.toString(), mode)
				.redirectErrorStream(true)
				.start();
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = out.readLine()) != null && !line.startsWith("flushed ")) {
					// skip log lines until the writer's first durable flush
				}
				assertThat(line).as("writer output in cycle %d", cycle).startsWith("flushed ");
				durable = Long.parseLong(line.substring("flushed ".length()));
				// The random kill moment, drawn after the first durable flush so that every cycle kills a
				// writer with something to lose, however slowly the child started on a loaded machine.
				TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(50, 400));
				process.destroyForcibly(); // SIGKILL on Unix
				assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
			}
			// What the next process will load: the file (never corrupt: read() would throw) and the journal.
			LoadedCheckpoint loaded = YamlFileCheckpointStore.read(file);
			List<EventLogState> states = loaded.states();
			long max = states.stream().mapToLong(EventLogState::recordNumber).max().orElse(0);
			assertThat(max).as("positions never go back (cycle %d)", cycle).isGreaterThanOrEqualTo(previousMax);
			assertThat(max).as("the acknowledged durable flush survives (cycle %d)", cycle)
				.isGreaterThanOrEqualTo(durable);
			if (mode.equals("plain")) {
				// Every log is written with its record number as epoch: the side file may be newer than the
				// YAML file, never older.
				for (EventLogState state : states) {
					LogMetadata meta = loaded.metadata().get(state.name());
					assertThat(meta).as("metadata of %s (cycle %d)", state.name(), cycle).isNotNull();
					assertThat(meta.epoch()).as("epoch of %s (cycle %d)", state.name(), cycle)
						.isGreaterThanOrEqualTo(state.recordNumber());
				}
			}
			previousMax = max;
		}
		assertThat(previousMax).isGreaterThanOrEqualTo(CYCLES);
	}

}
