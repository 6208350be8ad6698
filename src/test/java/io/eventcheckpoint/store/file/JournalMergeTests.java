package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.format.CheckpointYaml;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening a journaled store merges the journal into the YAML file's states while the file is read:
 * the result must be the one of applying each name's last change to a map of the file's names,
 * order included (file order, each name at its first place with its last value, new names after),
 * whatever the file looks like.
 */
class JournalMergeTests {

	/** How the YAML file under the journal was written. */
	enum Snapshot {

		/** Sorted, as this service writes it. */
		SORTED,

		/** Out of order and with names twice, as a hand-edited file may be. */
		SHUFFLED_WITH_DUPLICATES,

		/** Readable only by the general parser: the fast path declines at the very end. */
		NOT_CANONICAL

	}

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(Snapshot.class)
	void loadShouldEqualApplyingEachNamesLastChangeToTheFilesStates(Snapshot kind) throws IOException {
		SplittableRandom random = new SplittableRandom(kind.ordinal() + 11);
		Path file = this.dir.resolve("checkpoint.yml");
		List<EventLogState> inFile = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			inFile.add(state(random, name(i), i));
		}
		if (kind != Snapshot.SORTED) {
			for (int i = 0; i < 20; i++) {
				inFile.add(state(random, name(random.nextInt(200)), 1000 + i));
			}
			for (int i = inFile.size() - 1; i > 0; i--) {
				inFile.set(i, inFile.set(random.nextInt(i + 1), inFile.get(i)));
			}
		}
		else {
			inFile.sort((a, b) -> a.name().compareTo(b.name()));
		}
		StringWriter yaml = new StringWriter();
		CheckpointYaml.write(yaml, JournalTestStore.T0, inFile);
		String content = yaml.toString() + ((kind == Snapshot.NOT_CANONICAL) ? "# edited by hand\n" : "");
		Files.write(file, content.getBytes(StandardCharsets.UTF_8));

		YamlFileCheckpointStore writer = new YamlFileCheckpointStore(file, OnCorrupt.FAIL, JournalTestStore.rarely());
		writer.load();
		Map<String, Change> last = new LinkedHashMap<>();
		for (int flush = 0; flush < 20; flush++) {
			List<Change> changes = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				String name = name(random.nextInt(260));
				EventLogState state = (random.nextInt(5) == 0) ? null : state(random, name, flush * 100L + i);
				LogMetadata metadata = (state != null && random.nextBoolean())
						? new LogMetadata(Instant.ofEpochSecond(flush), random.nextLong(), random.nextInt(3)) : null;
				Change change = new Change(name, state, Instant.EPOCH, metadata);
				changes.add(change);
				last.put(name, change);
			}
			writer.save(new FlushBatch(JournalTestStore.T0.plusMinutes(flush), changes, List::of));
		}
		writer.halt();

		Map<String, EventLogState> expected = new LinkedHashMap<>();
		for (EventLogState state : CheckpointYaml.read(Files.readAllBytes(file)).states()) {
			expected.put(state.name(), state);
		}
		Map<String, LogMetadata> expectedMetadata = new HashMap<>();
		List<EventLogState> added = new ArrayList<>();
		last.forEach((name, change) -> {
			if (change.state() == null) {
				expected.remove(name);
			}
			else if (expected.containsKey(name)) {
				expected.put(name, change.state());
			}
			else {
				added.add(change.state());
			}
			if (change.metadata() != null) {
				expectedMetadata.put(name, change.metadata());
			}
		});
		YamlFileCheckpointStore reopened = new YamlFileCheckpointStore(file, OnCorrupt.FAIL, JournalTestStore.rarely());
		LoadedCheckpoint loaded = reopened.load();
		reopened.halt();
		List<EventLogState> states = loaded.states();
		assertThat(states.subList(0, expected.size())).containsExactlyElementsOf(expected.values());
		assertThat(states.subList(expected.size(), states.size())).containsExactlyInAnyOrderElementsOf(added);
		assertThat(loaded.metadata()).isEqualTo(expectedMetadata);
		assertThat(new HashSet<>(YamlFileCheckpointStore.read(file).states())).isEqualTo(new HashSet<>(states));
	}

	/** ASCII names, names beyond Latin-1 and names the writer must quote. */
	private static String name(int i) {
		return switch (i % 4) {
			case 0 -> "log-" + i;
			case 1 -> "日本-" + i;
			case 2 -> "- dash: " + i;
			default -> "Ünïcode/Operational-" + i;
		};
	}

	private static EventLogState state(SplittableRandom random, String name, long recordNumber) {
		String bookmark = random.nextBoolean() ? "<BookmarkList>" + recordNumber + "</BookmarkList>" : null;
		return new EventLogState(name, recordNumber, JournalTestStore.T0.plusNanos(random.nextInt()), bookmark);
	}

}
