package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks on the YAML file alone, as the Go package would read it.
 */
final class LoadedCheckpointAssert {

	private LoadedCheckpointAssert() {
	}

	static void assertFileHolds(Path file, Map<String, EventLogState> expected) throws IOException {
		Map<String, EventLogState> inFile = new TreeMap<>();
		CheckpointYaml.read(Files.readAllBytes(file)).states().forEach((state) -> inFile.put(state.name(), state));
		assertThat(inFile).isEqualTo(expected);
	}

}
