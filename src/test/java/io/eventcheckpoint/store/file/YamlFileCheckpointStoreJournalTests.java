package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.store.file.JournalFaults.Step;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.eventcheckpoint.store.file.JournalTestStore.journalSegments;
import static io.eventcheckpoint.store.file.JournalTestStore.rarely;
import static io.eventcheckpoint.store.file.JournalTestStore.reopen;
import static io.eventcheckpoint.store.file.JournalTestStore.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The file store's journal: appends, replay, snapshots and rotation, and a crash at each step.
 */
class YamlFileCheckpointStoreJournalTests {

	@TempDir
	Path dir;

	Path file() {
		return this.dir.resolve("checkpoint.yml");
	}

	@Test
	void saveShouldAppendToTheJournalAndLeaveTheFileAlone() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.put("Application", 1);
		writer.put("Security", 2);
		assertThat(file()).doesNotExist();
		assertThat(journalSegments(file())).hasSize(1);
		assertThat(writer.store.journalBytes()).isPositive();
		assertThat(writer.lostFrom(reopen(file()))).isEmpty();
	}

	@Test
	void replayShouldRestoreDeletesBookmarksOffsetsAndUnsignedNumbers() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		OffsetDateTime odd = OffsetDateTime.of(2017, 12, 5, 10, 46, 31, 1, ZoneOffset.ofHoursMinutes(-4, -30));
		Map<String, EventLogState> changes = new HashMap<>();
		changes.put("Application", new EventLogState("Application", -1L, odd, "<BookmarkList>\r\n</BookmarkList>"));
		changes.put("アプリケーション", new EventLogState("アプリケーション", Long.MIN_VALUE, odd));
		changes.put("Gone", state("Gone", 3));
		writer.save(changes);
		Map<String, EventLogState> delete = new HashMap<>();
		delete.put("Gone", null);
		writer.save(delete);
		Map<String, EventLogState> loaded = reopen(file());
		assertThat(loaded).containsOnlyKeys("Application", "アプリケーション");
		assertThat(loaded.get("Application")).isEqualTo(changes.get("Application"));
		assertThat(loaded.get("Application").timestamp().getOffset()).isEqualTo(odd.getOffset());
		assertThat(loaded.get("アプリケーション").recordNumberString()).isEqualTo("9223372036854775808");
	}

	@Test
	void replayShouldEqualApplyingEveryChangeInAppendOrder() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 50, 1);
		assertThat(writer.store.snapshot()).isTrue();
		// Random puts, deletes and re-puts over few names, repeated within one record and across
		// records; the engine sends one change per name per flush, the format allows more.
		Map<String, EventLogState> expected = new TreeMap<>(writer.memory);
		SplittableRandom random = new SplittableRandom(7);
		for (int flush = 0; flush < 40; flush++) {
			List<Change> changes = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				String name = (random.nextInt(4) == 0) ? "日本-" + random.nextInt(5) : "log-" + random.nextInt(60);
				EventLogState state = switch (random.nextInt(4)) {
					case 0 -> null;
					case 1 -> new EventLogState(name, random.nextLong(), JournalTestStore.T0.plusNanos(random.nextInt()),
							"<BookmarkList>" + flush + "</BookmarkList>");
					default -> JournalTestStore.state(name, flush * 100L + i);
				};
				changes.add(new Change(name, state, JournalTestStore.T0.toInstant()));
				if (state == null) {
					expected.remove(name);
				}
				else {
					expected.put(name, state);
				}
			}
			List<EventLogState> snapshot = new ArrayList<>(expected.values());
			writer.store.save(new FlushBatch(JournalTestStore.T0.plusMinutes(flush), changes, () -> snapshot));
		}
		assertThat(reopen(file())).isEqualTo(expected);
	}

	@Test
	void snapshotShouldRewriteTheFileAndDeleteTheSegmentsItCovers() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 100, 7);
		assertThat(writer.store.snapshot()).isTrue();
		assertThat(CheckpointYaml.read(Files.readAllBytes(file())).states()).hasSize(100);
		assertThat(journalSegments(file())).hasSize(1);
		assertThat(writer.store.journalBytes()).isZero();
		assertThat(writer.store.snapshot()).as("nothing new to snapshot").isFalse();
		writer.put("log-1", 8);
		assertThat(writer.lostFrom(reopen(file()))).isEmpty();
	}

	@Test
	void closeShouldLeaveOnlyTheFileTheGoPackageReads() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 10, 1);
		writer.store.close();
		assertThat(journalSegments(file())).isEmpty();
		LoadedCheckpointAssert.assertFileHolds(file(), writer.memory);
	}

	@Test
	void journalSizeShouldStartASnapshotInTheBackground() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), JournalSettings.journal(Duration.ofHours(1), 1000));
		writer.putMany("log-", 100, 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.store.snapshots() == 1);
		LoadedCheckpointAssert.assertFileHolds(file(), writer.memory);
		writer.store.close();
	}

	@Test
	void ageShouldStartASnapshotInTheBackground() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), JournalSettings.journal(Duration.ofMillis(50), 1L << 40));
		writer.put("Application", 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.store.snapshots() >= 1);
		LoadedCheckpointAssert.assertFileHolds(file(), writer.memory);
		writer.store.close();
	}

	@Test
	void startUpAfterACrashShouldBringTheFileUpToDateSoon() throws IOException {
		JournalTestStore crashed = new JournalTestStore(file(), rarely());
		crashed.putMany("log-", 10, 1);
		JournalTestStore restarted = new JournalTestStore(file(), JournalSettings.journal(Duration.ofMillis(200), 1L << 40));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> restarted.store.snapshots() == 1);
		LoadedCheckpointAssert.assertFileHolds(file(), crashed.memory);
		assertThat(journalSegments(file())).hasSize(1);
		restarted.store.close();
	}

	@Test
	void aDirectoryWrittenWithoutAJournalShouldStartUnchanged() throws IOException {
		JournalTestStore old = new JournalTestStore(file(), JournalSettings.DISABLED);
		old.putMany("log-", 10, 4);
		byte[] written = Files.readAllBytes(file());
		assertThat(journalSegments(file())).isEmpty();
		JournalTestStore upgraded = new JournalTestStore(file(), rarely());
		assertThat(upgraded.memory).isEqualTo(old.memory);
		assertThat(Files.readAllBytes(file())).isEqualTo(written);
		upgraded.store.close();
		assertThat(Files.readAllBytes(file())).as("nothing journaled: no rewrite").isEqualTo(written);
	}

	@Test
	void readShouldSeeTheJournalWithoutChangingAnything() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 3, 1);
		writer.store.snapshot();
		writer.put("log-0", 2);
		Map<String, EventLogState> read = new TreeMap<>();
		YamlFileCheckpointStore.read(file()).states().forEach((state) -> read.put(state.name(), state));
		assertThat(read).isEqualTo(writer.memory);
		assertThat(journalSegments(file())).hasSize(1);
	}

	@Test
	void aFailedAppendShouldNotAcknowledgeAndLaterAppendsShouldStillReplay() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.put("before", 1);
		writer.store.faults((step) -> {
			if (step == Step.APPEND_WRITTEN) {
				throw new IOException("crash during an append");
			}
		});
		assertThatIOException().isThrownBy(() -> writer.put("failed", 2));
		assertThat(writer.lostFrom(reopenWithoutClosing())).isEmpty();
		writer.store.faults(JournalFaults.NONE);
		writer.put("after", 3);
		Map<String, EventLogState> loaded = reopen(file());
		assertThat(writer.lostFrom(loaded)).isEmpty();
		assertThat(loaded).doesNotContainKey("failed");
	}

	@ParameterizedTest
	@EnumSource(value = Step.class, names = { "SEGMENT_ROTATED", "SNAPSHOT_WRITTEN", "SNAPSHOT_RENAMED" })
	void aCrashDuringASnapshotShouldLoseNothingAcknowledged(Step crashAt) throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 50, 1);
		writer.store.snapshot();
		writer.putMany("log-", 25, 2);
		Map<String, EventLogState> delete = new HashMap<>();
		delete.put("log-49", null);
		writer.save(delete);
		writer.store.faults((step) -> {
			if (step == crashAt) {
				throw new IOException("crash at " + step);
			}
		});
		assertThatIOException().isThrownBy(writer.store::snapshot);
		// The process is gone: only the disk is left.
		assertThat(writer.lostFrom(reopenWithoutClosing())).as("after a crash at %s", crashAt).isEmpty();
		// Had it lived on, appends and the next snapshot would carry on where it stopped.
		writer.store.faults(JournalFaults.NONE);
		writer.put("log-0", 3);
		assertThat(writer.store.snapshot()).isTrue();
		assertThat(writer.lostFrom(reopen(file()))).isEmpty();
	}

	@Test
	void anAppendToASegmentMovedAwayShouldFailAndTheNextOneGoToANewSegment() throws IOException {
		Path data = this.dir.resolve("data");
		Path file = data.resolve("checkpoint.yml");
		JournalTestStore writer = new JournalTestStore(file, rarely());
		writer.put("before", 1);
		Files.move(data, this.dir.resolve("away"));
		assertThatIOException().isThrownBy(() -> writer.put("lost", 2));
		Files.move(this.dir.resolve("away"), data);
		writer.put("after", 3);
		assertThat(journalSegments(file)).hasSize(2);
		assertThat(writer.lostFrom(reopen(file))).isEmpty();
	}

	@Test
	void aFailedSnapshotShouldBeRetriedInTheBackground() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), JournalSettings.journal(Duration.ofMillis(50), 1L << 40));
		writer.store.faults((step) -> {
			if (step == Step.SNAPSHOT_WRITTEN && writer.store.snapshotFailures() == 0) {
				throw new IOException("disk full");
			}
		});
		writer.put("Application", 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.store.snapshots() == 1);
		assertThat(writer.store.snapshotFailures()).isEqualTo(1);
		LoadedCheckpointAssert.assertFileHolds(file(), writer.memory);
		writer.store.close();
	}

	/** Load the directory as a restarted process would, leaving it as that process would find it. */
	private Map<String, EventLogState> reopenWithoutClosing() throws IOException {
		Map<String, EventLogState> states = new TreeMap<>();
		YamlFileCheckpointStore.read(file()).states().forEach((state) -> states.put(state.name(), state));
		return states;
	}

}
