package io.eventcheckpoint.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.eventcheckpoint.support.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Import and export of checkpoint files in the Go original's format, against PostgreSQL and the
 * file store.
 */
class CheckpointTransferRunnerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@RegisterExtension
	static final MigratedDatabase DATABASE = new MigratedDatabase();

	@TempDir
	Path dir;

	private static CheckpointTransferRunner runner(CheckpointStore store) {
		return new CheckpointTransferRunner(store, null, null, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private Path resource(String name) throws IOException {
		Path file = this.dir.resolve(name);
		try (InputStream in = getClass().getResourceAsStream("/checkpoint-files/" + name)) {
			Files.copy(in, file);
		}
		return file;
	}

	@ParameterizedTest
	@ValueSource(strings = { "winlogbeat.yml", "quoted-names.yml", "empty.yml" })
	void importThenExportThroughPostgresShouldGiveBackTheFileByteForByte(String name) throws Exception {
		Path original = resource(name);
		Path exported = this.dir.resolve("exported.yml");
		runner(DATABASE.get().store()).importFrom(original);
		runner(DATABASE.get().store()).exportTo(exported);
		assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(original));
	}

	@ParameterizedTest
	@ValueSource(strings = { "winlogbeat.yml", "quoted-names.yml" })
	void importThenExportThroughTheFileStoreShouldGiveBackTheFileByteForByte(String name) throws Exception {
		Path original = resource(name);
		Path exported = this.dir.resolve("exported.yml");
		CheckpointStore store = new YamlFileCheckpointStore(this.dir.resolve("store/checkpoint.yml"), OnCorrupt.FAIL);
		runner(store).importFrom(original);
		runner(store).exportTo(exported);
		assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(original));
	}

	@Test
	void importShouldReplaceOlderPositionsAndKeepLogsMissingFromTheFile() throws Exception {
		OffsetDateTime time = OffsetDateTime.parse("2020-01-01T00:00:00Z");
		DATABASE.get().store()
			.save(new FlushBatch(time, List.of(
					new FlushBatch.Change("Application", new EventLogState("Application", 1, time), NOW.minusSeconds(60)),
					new FlushBatch.Change("Other", new EventLogState("Other", 99, time), NOW.minusSeconds(60))),
					List::of));
		assertThat(runner(DATABASE.get().store()).importFrom(resource("winlogbeat.yml"))).isEqualTo(5);
		Map<String, EventLogState> stored = new HashMap<>();
		DATABASE.get().store().load().states().forEach((state) -> stored.put(state.name(), state));
		assertThat(stored).containsOnlyKeys("Application", "Microsoft-Windows-Sysmon/Operational", "Security", "System",
				"Windows PowerShell", "Other");
		assertThat(stored.get("Application").recordNumber()).isEqualTo(2347);
		assertThat(stored.get("Other").recordNumber()).isEqualTo(99);
	}

	@Test
	void importOfACorruptFileShouldFailNamingItAndChangeNothing() throws Exception {
		Path corrupt = this.dir.resolve("corrupt.yml");
		Files.writeString(corrupt, "update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: -1\n"
				+ "  timestamp: 2017-12-05T15:16:31Z\n");
		assertThatExceptionOfType(CorruptCheckpointException.class)
			.isThrownBy(() -> runner(DATABASE.get().store()).importFrom(corrupt))
			.withMessageContaining("Cannot import " + corrupt)
			.withMessageContaining("record_number");
		assertThat(DATABASE.get().store().load().states()).isEmpty();
	}

	@Test
	void exportShouldReplaceAnExistingFile() throws Exception {
		Path exported = this.dir.resolve("out/checkpoint.yml");
		Files.createDirectories(exported.getParent());
		Files.writeString(exported, "old content that is longer than the new one ".repeat(10));
		runner(DATABASE.get().store()).importFrom(resource("empty.yml"));
		runner(DATABASE.get().store()).exportTo(exported);
		assertThat(exported).hasContent("update_time: 2017-12-05T15:16:38Z\nevent_logs: []");
		assertThat(exported.resolveSibling(".checkpoint.yml.tmp")).doesNotExist();
	}

}
