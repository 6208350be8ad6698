package io.eventcheckpoint.store.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.engine.WriteOptions;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the file store keeps beside the Go-format YAML file across restarts: last-update times
 * (issue 16), versions, epochs and live leases (issue 15), in {@code checkpoint.yml.meta} and in
 * the journal's records, while the YAML file stays exactly Winlogbeat's four fields.
 */
class FileMetadataPersistenceTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-01-01T00:00:00.5+05:30");

	private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

	@TempDir
	Path directory;

	private final MutableClock clock = new MutableClock(START);

	private YamlFileCheckpointStore store(boolean journal) {
		return new YamlFileCheckpointStore(this.directory.resolve("checkpoint.yml"), OnCorrupt.FAIL,
				journal ? JournalSettings.journal(Duration.ofHours(1), 64L << 20) : JournalSettings.DISABLED);
	}

	private CheckpointEngine engine(YamlFileCheckpointStore store) {
		return new CheckpointEngine(store,
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));
	}

	private static PositionWrite write(String name, long epoch, long recordNumber) {
		return new PositionWrite(new EventLogState(name, recordNumber, TIME, "<b/>"), epoch, 0, false);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void lastUpdateTimesVersionsEpochsAndLeasesShouldSurviveARestart(boolean journal) throws Exception {
		CheckpointEngine first = engine(store(journal));
		first.write(List.of(write("host-a/Security", 0, 7)), WriteOptions.NONE);
		this.clock.advance(Duration.ofMinutes(5));
		LogMetadata written = first.write(List.of(write("host-b/Security", 3, 9)), WriteOptions.NONE).get(0);
		Lease lease = first.leases().acquire("host-b/", "vm 1", Duration.ofHours(1));
		first.shutdown();

		this.clock.advance(Duration.ofMinutes(1));
		CheckpointEngine second = engine(store(journal));
		try {
			assertThat(second.metadata("host-a/Security")).isEqualTo(new LogMetadata(START, 1, 0));
			assertThat(second.metadata("host-b/Security")).isEqualTo(written);
			assertThat(written.epoch()).isEqualTo(3);
			assertThat(second.leases().live()).containsExactly(lease);
			// Versions and tokens go on above every one handed out before the restart.
			assertThat(second.write(List.of(write("host-a/Security", 0, 8)), WriteOptions.NONE).get(0).version())
				.isGreaterThan(written.version());
			assertThat(Long.parseLong(second.leases().acquire("host-c/", "vm-2", Duration.ofMinutes(1)).token()))
				.isGreaterThan(Long.parseLong(lease.token()));
		}
		finally {
			second.shutdown();
		}
		String yaml = Files.readString(this.directory.resolve("checkpoint.yml"), StandardCharsets.UTF_8);
		assertThat(yaml).doesNotContain("version", "epoch", "lease", "updated");
		assertThat(CheckpointYaml.read(yaml.getBytes(StandardCharsets.UTF_8)).states())
			.extracting(EventLogState::name, EventLogState::recordNumber)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("host-a/Security", 8L),
					org.assertj.core.groups.Tuple.tuple("host-b/Security", 9L));
		assertThat(this.directory.resolve("checkpoint.yml.meta")).exists();
	}

	@Test
	void journalShouldKeepMetadataAndLeasesThroughACrash() throws Exception {
		YamlFileCheckpointStore crashing = store(true);
		CheckpointEngine first = engine(crashing);
		LogMetadata written = first.write(List.of(write("host-a/Security", 2, 7)), WriteOptions.NONE).get(0);
		Lease lease = first.leases().acquire("host-a/", "vm-1", Duration.ofHours(1));
		first.flush(Duration.ofSeconds(10));
		crashing.halt();

		CheckpointEngine second = engine(store(true));
		try {
			assertThat(second.metadata("host-a/Security")).isEqualTo(written);
			assertThat(second.leases().live()).containsExactly(lease);
		}
		finally {
			second.shutdown();
		}
	}

	@Test
	void dataDirectoryWithoutTheSideFileShouldStartWithTheFilesUpdateTime() throws Exception {
		OffsetDateTime written = OffsetDateTime.parse("2025-06-01T12:00:00Z");
		try (var out = Files.newBufferedWriter(this.directory.resolve("checkpoint.yml"))) {
			CheckpointYaml.write(out, written, List.of(new EventLogState("Application", 41, TIME)));
		}
		CheckpointEngine engine = engine(store(true));
		try {
			assertThat(engine.metadata("Application").updatedAt()).isEqualTo(written.toInstant());
			assertThat(engine.metadata("Application").version()).isPositive();
		}
		finally {
			engine.shutdown();
		}
	}

	@Test
	void damagedSideFileShouldNotStopStartUp() throws Exception {
		CheckpointEngine first = engine(store(false));
		first.persist("Application", 1, TIME);
		first.shutdown();
		Files.writeString(this.directory.resolve("checkpoint.yml.meta"), "checkpoint-metadata 1\nL x y\n");
		CheckpointEngine second = engine(store(false));
		try {
			assertThat(second.state("Application").recordNumber()).isEqualTo(1);
			assertThat(second.metadata("Application")).isNotNull();
		}
		finally {
			second.shutdown();
		}
	}

}
