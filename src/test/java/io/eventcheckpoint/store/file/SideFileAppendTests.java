package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.engine.WriteOptions;
import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flushes without a journal append to the side file {@code checkpoint.yml.meta} instead of
 * rewriting it (issue 11), and what they append reads back as a rewrite of the same metadata would.
 * A "crash" here is a copy of the data directory taken while the engine runs: every flush forced
 * its files before returning, so the copy is what a killed process leaves.
 */
class SideFileAppendTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-01-01T00:00:00.5Z");

	@TempDir
	Path directory;

	@TempDir
	Path crashed;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

	private final List<CheckpointEngine> engines = new ArrayList<>();

	@AfterEach
	void shutdown() {
		this.engines.forEach(CheckpointEngine::shutdown);
	}

	private CheckpointEngine engine(Path directory) {
		CheckpointEngine engine = new CheckpointEngine(
				new YamlFileCheckpointStore(directory.resolve("checkpoint.yml"), OnCorrupt.FAIL),
				EngineSettings.of(100_000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));
		this.engines.add(engine);
		return engine;
	}

	private LogMetadata write(CheckpointEngine engine, String name, long epoch, long recordNumber) {
		this.clock.advance(Duration.ofSeconds(1));
		LogMetadata meta = engine.write(List.of(new PositionWrite(new EventLogState(name, recordNumber, TIME, null),
				epoch, 0, false)), WriteOptions.NONE).get(0);
		engine.flush(Duration.ofSeconds(10));
		return meta;
	}

	private Path sideFile(Path directory) {
		return directory.resolve("checkpoint.yml.meta");
	}

	private static Object fileKey(Path file) throws IOException {
		return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
	}

	/** What a process killed now would leave, as a copy of the data directory. */
	private Path crash() throws IOException {
		try (var files = Files.list(this.directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Files.copy(file, this.crashed.resolve(file.getFileName()));
			}
		}
		return this.crashed;
	}

	private static Map<String, LogMetadata> metadataOfStoredLogs(Path directory) throws IOException {
		LoadedCheckpoint loaded = YamlFileCheckpointStore.read(directory.resolve("checkpoint.yml"));
		Map<String, LogMetadata> metadata = new HashMap<>();
		loaded.states().forEach((state) -> metadata.put(state.name(), loaded.metadata().get(state.name())));
		return metadata;
	}

	@Test
	void steadyFlushesShouldAppendAndReloadAsTheRewriteAtShutdown() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		write(engine, "host-a/Security", 0, 1);
		write(engine, "host-b/Security", 0, 1);
		Object rewritten = fileKey(sideFile(this.directory));
		long size = Files.size(sideFile(this.directory));

		write(engine, "host-a/Security", 4, 2);
		Lease lease = engine.leases().acquire("host-x/", "vm-1", Duration.ofHours(1));
		engine.flush(Duration.ofSeconds(10));
		write(engine, "host-c/System", 7, 9);
		engine.delete("host-b/Security");
		engine.flush(Duration.ofSeconds(10));
		Lease other = engine.leases().acquire("host-y/", "vm-2", Duration.ofHours(1));
		engine.flush(Duration.ofSeconds(10));
		write(engine, "host-a/Security", 5, 1);

		assertThat(fileKey(sideFile(this.directory))).as("appended in place").isEqualTo(rewritten);
		assertThat(Files.size(sideFile(this.directory))).isGreaterThan(size);
		Map<String, LogMetadata> live = Map.of("host-a/Security", engine.metadata("host-a/Security"),
				"host-c/System", engine.metadata("host-c/System"));
		Path copy = crash();
		assertThat(metadataOfStoredLogs(copy)).isEqualTo(live);
		CheckpointEngine restarted = engine(copy);
		assertThat(restarted.leases().live()).containsExactly(lease, other);
		assertThat(restarted.metadata("host-a/Security").epoch()).isEqualTo(5);
		assertThat(restarted.metadata("host-b/Security")).isNull();
		assertThat(restarted.write(List.of(new PositionWrite(new EventLogState("host-d/System", 1, TIME, null), 0, 0,
				false)), WriteOptions.NONE).get(0).version()).isGreaterThan(live.get("host-a/Security").version());

		engine.shutdown();
		assertThat(fileKey(sideFile(this.directory))).as("rewritten at shutdown").isNotEqualTo(rewritten);
		assertThat(Files.readString(sideFile(this.directory), StandardCharsets.UTF_8)).doesNotContain("\nC ")
			.containsOnlyOnce("\nS ");
		assertThat(metadataOfStoredLogs(this.directory)).isEqualTo(live);
		assertThat(YamlFileCheckpointStore.read(this.directory.resolve("checkpoint.yml")).side())
			.isEqualTo(YamlFileCheckpointStore.read(copy.resolve("checkpoint.yml")).side());
	}

	@Test
	void deletedThenRecreatedLogShouldTakeItsNewMetadata() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		write(engine, "Application", 0, 1);
		write(engine, "Security", 9, 100);
		engine.delete("Security");
		engine.flush(Duration.ofSeconds(10));
		LogMetadata recreated = write(engine, "Security", 0, 3);

		assertThat(Files.readString(sideFile(this.directory), StandardCharsets.UTF_8)).contains(" 9 Security\n");
		CheckpointEngine restarted = engine(crash());
		assertThat(restarted.metadata("Security")).isEqualTo(recreated);
		assertThat(restarted.state("Security").recordNumber()).isEqualTo(3);
	}

	@Test
	void oneStateObjectWrittenAgainWithANewEpochShouldGetItsNewMetadata() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		EventLogState state = new EventLogState("Application", 5, TIME, null);
		engine.write(List.of(new PositionWrite(state, 1, 0, false)), WriteOptions.NONE);
		engine.flush(Duration.ofSeconds(10));
		LogMetadata again = engine.write(List.of(new PositionWrite(state, 2, 0, false)), WriteOptions.NONE).get(0);
		engine.flush(Duration.ofSeconds(10));

		assertThat(engine(crash()).metadata("Application")).isEqualTo(again);
	}

	@Test
	void deletedLogsLineShouldNotComeBackWithTheLog() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		write(engine, "Application", 0, 1);
		write(engine, "Security", 9, 100);
		engine.delete("Security");
		engine.flush(Duration.ofSeconds(10));

		CheckpointEngine restarted = engine(crash());
		assertThat(restarted.metadata("Security")).isNull();
		restarted.persist("Security", 1, TIME);
		assertThat(restarted.metadata("Security").epoch()).isZero();
	}

	@Test
	void tornLastLineShouldBeIgnoredAndTheRestKept() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		write(engine, "Application", 0, 1);
		LogMetadata written = write(engine, "Application", 3, 2);
		Path copy = crash();
		// An append the crash cut short: its L line lacks the end of its epoch and name.
		Files.writeString(sideFile(copy), "L 1772323200 0 99 4 Appl", StandardOpenOption.APPEND);
		assertThat(engine(copy).metadata("Application")).isEqualTo(written);

		Files.writeString(sideFile(copy), "ication\nX garbage\n", StandardOpenOption.APPEND);
		assertThat(engine(copy).metadata("Application").version()).as("a bad last line is ignored").isEqualTo(99);

		Files.writeString(sideFile(copy), "L 1772323200 0 100 4 Application\n", StandardOpenOption.APPEND);
		assertThat(engine(copy).metadata("Application"))
			.as("a bad line before others makes the file unreadable, as before appends")
			.isNotEqualTo(written)
			.extracting(LogMetadata::epoch)
			.isEqualTo(0L);
	}

	@Test
	void leaseBlockCutShortShouldKeepTheLeasesBeforeIt() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		write(engine, "Application", 0, 1);
		Lease first = engine.leases().acquire("host-a/", "vm-1", Duration.ofHours(1));
		engine.flush(Duration.ofSeconds(10));
		engine.leases().acquire("host-b/", "vm-2", Duration.ofHours(1));
		engine.flush(Duration.ofSeconds(10));
		Path copy = crash();
		assertThat(engine(copy).leases().live()).hasSize(2);

		// Cut the last E line off, as a crash in the middle of that append would.
		String text = Files.readString(sideFile(copy), StandardCharsets.UTF_8);
		assertThat(text).endsWith("host-b/\n");
		try (FileChannel channel = FileChannel.open(sideFile(copy), StandardOpenOption.WRITE)) {
			channel.truncate(text.lastIndexOf("\nE ") + 1);
		}
		assertThat(engine(copy).leases().live()).containsExactly(first);
	}

	@Test
	void appendsBeyondTheLastRewritesSizeShouldRewrite() throws Exception {
		CheckpointEngine engine = engine(this.directory);
		List<EventLogState> logs = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			logs.add(new EventLogState("host-%03d/".formatted(i) + "x".repeat(300), 1, TIME, null));
		}
		engine.persistAll(logs);
		engine.flush(Duration.ofSeconds(10));
		Path side = sideFile(this.directory);
		long rewrittenSize = Files.size(side);
		assertThat(rewrittenSize).isBetween(MetadataFile.APPEND_FLOOR / 2, MetadataFile.APPEND_FLOOR);
		Object rewritten = fileKey(side);

		// Each round changes every log: about rewrittenSize more bytes. The first fits under the bound.
		engine.persistAll(logs.stream().map((state) -> new EventLogState(state.name(), 2, TIME, null)).toList());
		engine.flush(Duration.ofSeconds(10));
		assertThat(fileKey(side)).isEqualTo(rewritten);
		assertThat(Files.size(side)).isGreaterThan(2 * rewrittenSize - 100);

		// The second would take the appended part past max(last rewrite, APPEND_FLOOR): a rewrite.
		engine.persistAll(logs.stream().map((state) -> new EventLogState(state.name(), 3, TIME, null)).toList());
		engine.flush(Duration.ofSeconds(10));
		assertThat(fileKey(side)).isNotEqualTo(rewritten);
		assertThat(Files.size(side)).isBetween(rewrittenSize, rewrittenSize + 150 * 2);
		assertThat(metadataOfStoredLogs(this.directory)).hasSize(150).allSatisfy((name, meta) -> {
			assertThat(meta).isEqualTo(engine.metadata(name));
		});
	}

}
