package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.format.CheckpointYaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a journaled store as the engine would: a model of the engine's memory, saves of batches
 * of changes, and what was acknowledged (saves that returned).
 */
final class JournalTestStore {

	static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.UTC);

	final YamlFileCheckpointStore store;

	/** The engine's memory (ASCII names, so TreeMap's order is Go's). */
	final Map<String, EventLogState> memory = new TreeMap<>();

	/** Every name's state as of the last save that returned, with deleted names mapped to null. */
	final Map<String, EventLogState> acknowledged = new TreeMap<>();

	private int flushes;

	JournalTestStore(Path file, JournalSettings settings) throws IOException {
		this.store = new YamlFileCheckpointStore(file, OnCorrupt.FAIL, settings);
		for (EventLogState state : this.store.load().states()) {
			this.memory.put(state.name(), state);
		}
	}

	static JournalSettings rarely() {
		return JournalSettings.journal(Duration.ofHours(1), 1L << 40);
	}

	static EventLogState state(String name, long recordNumber) {
		return new EventLogState(name, recordNumber, T0.plusSeconds(recordNumber));
	}

	/** Save puts and deletes (a {@code null} state deletes its name) as one flush. */
	void save(Map<String, EventLogState> changes) throws IOException {
		List<Change> batch = new ArrayList<>();
		changes.forEach((name, state) -> {
			if (state == null) {
				this.memory.remove(name);
			}
			else {
				this.memory.put(name, state);
			}
			batch.add(new Change(name, state, T0.toInstant()));
		});
		this.store.save(new FlushBatch(T0.plusMinutes(++this.flushes), batch,
				() -> new ArrayList<>(this.memory.values())));
		this.acknowledged.putAll(changes);
	}

	void put(String name, long recordNumber) throws IOException {
		save(Map.of(name, state(name, recordNumber)));
	}

	/** Put names {@code prefix0..prefix(count-1)} at one record number, as one flush. */
	void putMany(String prefix, int count, long recordNumber) throws IOException {
		Map<String, EventLogState> changes = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			changes.put(prefix + i, state(prefix + i, recordNumber));
		}
		save(changes);
	}

	/**
	 * Open the directory again, as a restarted process would, without closing this store; then
	 * close the new store and check that its final snapshot holds the same states.
	 * @return the states loaded by name
	 */
	static Map<String, EventLogState> reopen(Path file) throws IOException {
		JournalTestStore reopened = new JournalTestStore(file, rarely());
		reopened.store.close();
		Map<String, EventLogState> inFile = new TreeMap<>();
		for (EventLogState state : CheckpointYaml.read(Files.readAllBytes(file)).states()) {
			inFile.put(state.name(), state);
		}
		assertThat(inFile).as("file after a clean close").isEqualTo(reopened.memory);
		assertThat(journalSegments(file)).as("journal after a clean close").isEmpty();
		return reopened.memory;
	}

	static List<Path> journalSegments(Path file) throws IOException {
		try (Stream<Path> files = Files.list(file.getParent())) {
			return files.filter((path) -> path.getFileName().toString().startsWith(file.getFileName() + ".journal."))
				.sorted()
				.toList();
		}
	}

	/**
	 * The acknowledged states that are missing or older in what was loaded.
	 * @param loaded the states loaded after a crash
	 * @return a description of each loss
	 */
	List<String> lostFrom(Map<String, EventLogState> loaded) {
		List<String> lost = new ArrayList<>();
		this.acknowledged.forEach((name, state) -> {
			EventLogState found = loaded.get(name);
			if (state == null ? found != null : !state.equals(found)) {
				lost.add(name + ": acknowledged " + state + ", loaded " + found);
			}
		});
		return lost;
	}

}
