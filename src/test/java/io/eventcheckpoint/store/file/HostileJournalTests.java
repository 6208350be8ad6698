package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.eventcheckpoint.store.file.JournalTestStore.journalSegments;
import static io.eventcheckpoint.store.file.JournalTestStore.rarely;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal damaged by a torn write, the disk or a person: start-up cuts it at the last good
 * record, keeps every record before the damage, counts it and never fails.
 */
class HostileJournalTests {

	@TempDir
	Path dir;

	Path file() {
		return this.dir.resolve("checkpoint.yml");
	}

	/** Two good flushes then a third one (log-2 at 3) that the tests damage. */
	private JournalTestStore writeThreeFlushes() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 5, 1);
		writer.put("log-1", 2);
		writer.put("log-2", 3);
		return writer;
	}

	private Path lastSegment() throws IOException {
		return journalSegments(file()).get(journalSegments(file()).size() - 1);
	}

	@Test
	void aTruncatedTailShouldBeCutAtTheLastGoodRecord() throws IOException {
		writeThreeFlushes();
		Path segment = lastSegment();
		long size = Files.size(segment);
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
			channel.truncate(size - 5);
		}
		assertLoadsTwoGoodFlushes();
	}

	@Test
	void aBitFlipInTheLastRecordShouldBeCutThere() throws IOException {
		writeThreeFlushes();
		Path segment = lastSegment();
		byte[] bytes = Files.readAllBytes(segment);
		bytes[bytes.length - 3] ^= 0x10;
		Files.write(segment, bytes);
		assertLoadsTwoGoodFlushes();
	}

	@Test
	void aFlippedLengthShouldBeCutThere() throws IOException {
		JournalTestStore writer = writeThreeFlushes();
		Path segment = lastSegment();
		byte[] bytes = Files.readAllBytes(segment);
		int lastRecord = bytes.length - recordSize(writer, "log-2", 3);
		bytes[lastRecord] ^= 0x40;
		Files.write(segment, bytes);
		assertLoadsTwoGoodFlushes();
	}

	@Test
	void aZeroFilledTailShouldBeCutAfterTheGoodRecords() throws IOException {
		writeThreeFlushes();
		Files.write(lastSegment(), new byte[4096], StandardOpenOption.APPEND);
		Map<String, EventLogState> loaded = loadCountingOneTruncation();
		assertThat(loaded.get("log-2").recordNumber()).isEqualTo(3);
	}

	@Test
	void garbageAfterTheRecordsShouldBeCut() throws IOException {
		writeThreeFlushes();
		byte[] garbage = new byte[10_000];
		new Random(42).nextBytes(garbage);
		Files.write(lastSegment(), garbage, StandardOpenOption.APPEND);
		Map<String, EventLogState> loaded = loadCountingOneTruncation();
		assertThat(loaded.get("log-2").recordNumber()).isEqualTo(3);
	}

	@Test
	void aDamagedOlderSegmentShouldNotHideTheNewerOnes() throws IOException {
		JournalTestStore writer = writeThreeFlushes();
		Path older = lastSegment();
		// A snapshot that failed after rotating leaves the older segment in place.
		writer.store.faults((step) -> {
			if (step == JournalFaults.Step.SEGMENT_ROTATED) {
				throw new IOException("crash");
			}
		});
		try {
			writer.store.snapshot();
		}
		catch (IOException expected) {
			// the crash
		}
		writer.store.faults(JournalFaults.NONE);
		writer.put("log-4", 9);
		byte[] bytes = Files.readAllBytes(older);
		bytes[bytes.length - 3] ^= 0x01;
		Files.write(older, bytes);
		Map<String, EventLogState> loaded = loadCountingOneTruncation();
		assertThat(loaded.get("log-1").recordNumber()).isEqualTo(2);
		assertThat(loaded.get("log-2").recordNumber()).as("the damaged record").isEqualTo(1);
		assertThat(loaded.get("log-4").recordNumber()).as("a newer segment").isEqualTo(9);
	}

	@Test
	void aSegmentOfGarbageShouldNotStopStartUp() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.putMany("log-", 3, 1);
		writer.store.snapshot();
		byte[] garbage = new byte[5000];
		new Random(7).nextBytes(garbage);
		Files.write(lastSegment(), garbage);
		Map<String, EventLogState> loaded = loadCountingOneTruncation();
		assertThat(loaded).isEqualTo(writer.memory);
	}

	@Test
	void aSegmentTornWhileBeingCreatedShouldLoadQuietly() throws IOException {
		JournalTestStore writer = new JournalTestStore(file(), rarely());
		writer.put("log-0", 1);
		Path next = file().resolveSibling(lastSegment().getFileName().toString().replaceAll(".$", "f"));
		Files.write(next, new byte[] { 'C', 'K', 'P' });
		YamlFileCheckpointStore store = new YamlFileCheckpointStore(file(), OnCorrupt.FAIL, rarely());
		assertThat(store.load().states()).extracting(EventLogState::name).containsExactly("log-0");
		assertThat(store.journalTruncations()).isZero();
		store.close();
	}

	private void assertLoadsTwoGoodFlushes() throws IOException {
		Map<String, EventLogState> loaded = loadCountingOneTruncation();
		assertThat(loaded).hasSize(5);
		assertThat(loaded.get("log-1").recordNumber()).isEqualTo(2);
		assertThat(loaded.get("log-2").recordNumber()).as("the damaged flush").isEqualTo(1);
	}

	private Map<String, EventLogState> loadCountingOneTruncation() throws IOException {
		YamlFileCheckpointStore store = new YamlFileCheckpointStore(file(), OnCorrupt.FAIL, rarely());
		Map<String, EventLogState> loaded = new TreeMap<>();
		store.load().states().forEach((state) -> loaded.put(state.name(), state));
		assertThat(store.journalTruncations()).isEqualTo(1);
		assertThat(store.recoveries()).isZero();
		store.close();
		// Cut once: the next start finds nothing to cut.
		YamlFileCheckpointStore again = new YamlFileCheckpointStore(file(), OnCorrupt.FAIL, rarely());
		Map<String, EventLogState> reloaded = new TreeMap<>();
		again.load().states().forEach((state) -> reloaded.put(state.name(), state));
		assertThat(again.journalTruncations()).isZero();
		assertThat(reloaded).isEqualTo(loaded);
		again.close();
		return loaded;
	}

	private static int recordSize(JournalTestStore writer, String name, long recordNumber) {
		int[] size = new int[1];
		JournalCodec.encode(JournalTestStore.T0, List.of(new Change(
				name, JournalTestStore.state(name, recordNumber), JournalTestStore.T0.toInstant())),
				(ByteBuffer frame) -> size[0] += frame.remaining());
		return size[0];
	}

}
