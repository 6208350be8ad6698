package io.eventcheckpoint.store.file;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.format.CheckpointYaml;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.eventcheckpoint.engine.EventLogState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class YamlFileCheckpointStoreTests {

	/** A file as Winlogbeat's Go package writes it (yaml.v2), by hand from its format. */
	private static final String GO_FILE = """
			update_time: 2017-12-05T15:16:38.2530588Z
			event_logs:
			- name: "- leading dash"
			  record_number: 1
			  timestamp: 2017-12-05T15:16:31Z
			- name: "0x1F"
			  record_number: 2
			  timestamp: 0001-01-01T00:00:00Z
			- name: "123"
			  record_number: 18446744073709551615
			  timestamp: 2017-12-05T15:16:31.1188124+05:30
			- name: "1e3"
			  record_number: 0
			  timestamp: 9999-12-31T23:59:59.999999999Z
			- name: Application
			  record_number: 18446744073709551615
			  timestamp: 2017-12-05T15:16:31.1188124+05:30
			  bookmark: "<BookmarkList>\\r\\n  <Bookmark Channel='Application' RecordId='1'/>\\r\\n</BookmarkList>"
			- name: Microsoft-Windows-Sysmon/Operational
			  record_number: 9223372036854775808
			  timestamp: 2017-12-05T10:46:31.000000001-04:00
			- name: Windows PowerShell
			  record_number: 42
			  timestamp: 2017-12-05T15:16:31.5+05:30
			  unknown_field: ignored
			- name: "null"
			  record_number: 3
			  timestamp: 2017-12-05T15:16:31Z
			- name: "true"
			  record_number: 4
			  timestamp: 2017-12-05T15:16:31Z
			- name: ""
			  record_number: 5
			  timestamp: 2017-12-05T15:16:31Z
			- name: アプリケーション
			  record_number: 6
			  timestamp: 2017-12-05T15:16:31Z
			""";

	@TempDir
	Path dir;

	private Path file() {
		return this.dir.resolve("checkpoint.yml");
	}

	private YamlFileCheckpointStore store(OnCorrupt onCorrupt) {
		return new YamlFileCheckpointStore(file(), onCorrupt);
	}

	private static Map<String, EventLogState> byName(LoadedCheckpoint loaded) {
		return loaded.states().stream().collect(Collectors.toMap(EventLogState::name, Function.identity()));
	}

	private static FlushBatch batch(List<EventLogState> states) {
		return new FlushBatch(OffsetDateTime.parse("2026-11-25T10:00:00.5Z"), List.of(), () -> states);
	}

	@Test
	void fileInTheGoFormatShouldLoadWithIdenticalValues() throws IOException {
		Files.writeString(file(), GO_FILE);
		LoadedCheckpoint loaded = store(OnCorrupt.FAIL).load();
		Map<String, EventLogState> states = byName(loaded);
		assertThat(loaded.updateTime()).isEqualTo(OffsetDateTime.parse("2017-12-05T15:16:38.2530588Z"));
		assertThat(states).hasSize(11);
		assertThat(states.get("123").recordNumberString()).isEqualTo("18446744073709551615");
		assertThat(states.get("123").timestamp()).isEqualTo(OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30"));
		assertThat(states.get("123").timestamp().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
		assertThat(states.get("Application").bookmark())
			.isEqualTo("<BookmarkList>\r\n  <Bookmark Channel='Application' RecordId='1'/>\r\n</BookmarkList>");
		assertThat(states.get("Microsoft-Windows-Sysmon/Operational").recordNumberString())
			.isEqualTo("9223372036854775808");
		assertThat(states.get("Microsoft-Windows-Sysmon/Operational").timestamp().getNano()).isEqualTo(1);
		assertThat(states.get("0x1F").timestamp()).isEqualTo(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
		assertThat(states.get("1e3").timestamp()).isEqualTo(OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z"));
		assertThat(states).containsKeys("- leading dash", "null", "true", "", "アプリケーション", "Windows PowerShell");
		assertThat(states.get("Windows PowerShell").recordNumber()).isEqualTo(42);
	}

	@Test
	void writtenFileShouldParseBackToTheSameStatesAndKeepTheGoLayout() throws IOException {
		Files.writeString(file(), GO_FILE);
		YamlFileCheckpointStore store = store(OnCorrupt.FAIL);
		List<EventLogState> original = store.load().states();
		store.save(batch(original));
		String written = Files.readString(file());
		assertThat(byName(store(OnCorrupt.FAIL).load())).isEqualTo(byName(new LoadedCheckpoint(original, null)));
		assertThat(written).startsWith("update_time: 2026-11-25T10:00:00.5Z\nevent_logs:\n- name: '- leading dash'\n");
		assertThat(written).contains("""
				- name: "123"
				  record_number: 18446744073709551615
				  timestamp: 2017-12-05T15:16:31.1188124+05:30
				""");
		assertThat(written).contains("- name: Windows PowerShell\n", "- name: アプリケーション\n");
		assertThat(written).contains("- name: \"null\"\n", "- name: \"true\"\n", "- name: \"\"\n", "- name: \"0x1F\"\n");
		assertThat(written).doesNotContain("unknown_field");
	}

	@Test
	void namesThatLookLikeOtherYamlTypesShouldRoundTrip() throws IOException {
		List<String> names = List.of("123", "1e3", "0x1F", "0o17", "true", "False", "yes", "No", "on", "OFF", "null",
				"~", "", " ", "-", "- leading dash", "-1", "+1", ".inf", ".NaN", "1_000", "2001-12-14", "a: b", "a #b",
				"#comment", "'quoted'", "\"double\"", "back\\slash", "tab\there", "new\nline", "[list]", "{map}",
				"*alias", "&anchor", "!tag", "%directive", "@at", "`tick`", "|literal", ">folded", "?key", ",comma",
				"trailing ", " leading", "ünïcödé", "日本語のログ", "😀 emoji", "\uFFFD", "../../etc/passwd",
				"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", "\u2028sep", "\u0085nel",
				"\uFEFFbom", "del\u007F");
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");
		List<EventLogState> states = names.stream().map((name) -> new EventLogState(name, -1L, time)).toList();
		store(OnCorrupt.FAIL).save(batch(states));
		Map<String, EventLogState> loaded = byName(store(OnCorrupt.FAIL).load());
		assertThat(loaded.keySet()).containsExactlyInAnyOrderElementsOf(names);
		assertThat(loaded.values()).allSatisfy((state) -> {
			assertThat(state.recordNumber()).isEqualTo(-1L);
			assertThat(state.timestamp()).isEqualTo(time);
		});
	}

	@Test
	void emojiAtEveryOffsetOfTheParserBufferShouldLoad() throws IOException {
		// snakeyaml-engine reads a surrogate pair straddling its 1 KiB buffer one place past the end.
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31Z");
		for (int pad = 0; pad < 64; pad++) {
			List<EventLogState> states = new java.util.ArrayList<>();
			states.add(new EventLogState("p" + "x".repeat(pad), 1, time));
			for (int i = 0; i < 40; i++) {
				states.add(new EventLogState("n" + i + " \u00e9t\u00e9 \u65e5\u672c \ud83d\ude00", i, time));
			}
			StringWriter out = new StringWriter();
			CheckpointYaml.write(out, time, states);
			assertThat(CheckpointYaml.read(out.toString().getBytes(StandardCharsets.UTF_8)).states()).as("pad " + pad)
				.containsExactlyElementsOf(states);
		}
	}

	@Test
	void invalidUtf8ShouldBeReportedAsCorrupt() {
		byte[] content = "update_time: 2017-12-05T15:16:38.2530588Z\nevent_logs:\n- name: a\u00e9\n  record_number: 1\n"
			.getBytes(StandardCharsets.UTF_8);
		content[content.length - 20] = (byte) 0xFF;
		assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> CheckpointYaml.read(content))
			.withMessageContaining("UTF-8");
	}

	@Test
	void saveShouldSortNamesByUtf8BytesAsGoDoes() throws IOException {
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31Z");
		List<EventLogState> states = Stream.of("\uFFFD", "b", "😀", "B", "a")
			.map((name) -> new EventLogState(name, 1, time))
			.sorted((x, y) -> io.eventcheckpoint.engine.NameOrder.INSTANCE.compare(x.name(), y.name()))
			.toList();
		assertThat(states).extracting(EventLogState::name).containsExactly("B", "a", "b", "\uFFFD", "😀");
		StringWriter out = new StringWriter();
		CheckpointYaml.write(out, time, states);
		// yaml.v2 escapes characters beyond the BMP in double quotes.
		assertThat(out.toString().indexOf("\uFFFD")).isLessThan(out.toString().indexOf("\"\\U0001F600\""));
	}

	@Test
	void saveShouldWriteAtomicallyWithModeSixHundredAndKeepThePreviousCopy() throws IOException {
		YamlFileCheckpointStore store = store(OnCorrupt.FAIL);
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31Z");
		store.save(batch(List.of(new EventLogState("App", 1, time))));
		assertThat(store.previousCopy()).doesNotExist();
		store.save(batch(List.of(new EventLogState("App", 2, time))));
		assertThat(Files.getPosixFilePermissions(file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files.map((path) -> path.getFileName().toString())).containsExactlyInAnyOrder("checkpoint.yml",
					"checkpoint.yml.prev", "checkpoint.yml.meta");
		}
		assertThat(Files.getPosixFilePermissions(this.dir.resolve("checkpoint.yml.meta")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.readString(store.previousCopy())).contains("record_number: 1\n");
		assertThat(Files.readString(file())).contains("record_number: 2\n");
	}

	@Test
	void emptyStoreShouldWriteAnEmptyList() throws IOException {
		store(OnCorrupt.FAIL).save(batch(List.of()));
		assertThat(Files.readString(file())).isEqualTo("update_time: 2026-11-25T10:00:00.5Z\nevent_logs: []\n");
		assertThat(store(OnCorrupt.FAIL).load().states()).isEmpty();
	}

	@Test
	void missingFileShouldLoadEmpty() throws IOException {
		assertThat(store(OnCorrupt.FAIL).load().states()).isEmpty();
		assertThat(file()).doesNotExist();
	}

	@Test
	void emptyOrWhitespaceFileShouldLoadEmpty() throws IOException {
		Files.writeString(file(), "");
		assertThat(store(OnCorrupt.FAIL).load().states()).isEmpty();
		Files.writeString(file(), "  \n\t\n");
		assertThat(store(OnCorrupt.FAIL).load().states()).isEmpty();
	}

	static Stream<Arguments> corruptFiles() {
		String good = "update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n"
				+ "  timestamp: 2017-12-05T15:16:31Z\n";
		return Stream.of(Arguments.of("invalid YAML", "update_time: [unclosed\nevent_logs: {"),
				Arguments.of("NUL bytes", "\0\0\0\0\0\0\0\0"),
				Arguments.of("NUL tail", good.substring(0, 40) + "\0\0\0\0"),
				Arguments.of("truncated", good.substring(0, good.indexOf("  timestamp"))),
				Arguments.of("negative", good.replace("5", "-5")),
				Arguments.of("over 2^64-1", good.replace("5", "18446744073709551616")),
				Arguments.of("fraction", good.replace("5\n", "5.5\n")),
				Arguments.of("bad time", good.replace("2017-12-05T15:16:31Z", "yesterday")),
				Arguments.of("not a mapping", "just text"),
				Arguments.of("list of scalars", "event_logs:\n- App\n"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corruptFiles")
	void corruptFileWithoutGoodCopyShouldFailWithMessageNamingFileAndFix(String kind, String content)
			throws IOException {
		Files.writeString(file(), content);
		assertThatExceptionOfType(CorruptCheckpointException.class).isThrownBy(() -> store(OnCorrupt.FAIL).load())
			.withMessageContaining(file().toString())
			.withMessageContaining("checkpoint.on-corrupt=start-empty");
		assertThat(Files.readString(file())).isEqualTo(content);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corruptFiles")
	void corruptFileShouldRecoverFromThePreviousCopyAndMoveTheBadFileAside(String kind, String content)
			throws IOException {
		YamlFileCheckpointStore writer = store(OnCorrupt.FAIL);
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31Z");
		writer.save(batch(List.of(new EventLogState("App", 1, time))));
		writer.save(batch(List.of(new EventLogState("App", 2, time))));
		Files.write(file(), content.getBytes(StandardCharsets.UTF_8));
		YamlFileCheckpointStore store = store(OnCorrupt.FAIL);
		LoadedCheckpoint loaded = store.load();
		assertThat(loaded.states()).singleElement().extracting(EventLogState::recordNumber).isEqualTo(1L);
		assertThat(store.recoveries()).isEqualTo(1);
		try (Stream<Path> files = Files.list(this.dir)) {
			Path aside = files.filter((path) -> path.getFileName().toString().startsWith("checkpoint.yml.corrupt-"))
				.findFirst()
				.orElseThrow();
			assertThat(Files.readString(aside)).isEqualTo(content);
		}
		// The good copy is restored as the file, so the next start-up loads it directly.
		assertThat(store(OnCorrupt.FAIL).load().states()).singleElement()
			.extracting(EventLogState::recordNumber)
			.isEqualTo(1L);
	}

	@Test
	void corruptFileWithStartEmptyShouldMoveItAsideAndStartEmpty() throws IOException {
		Files.writeString(file(), "\0\0\0");
		YamlFileCheckpointStore store = store(OnCorrupt.START_EMPTY);
		assertThat(store.load().states()).isEmpty();
		assertThat(store.recoveries()).isEqualTo(1);
		assertThat(file()).doesNotExist();
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files).singleElement()
				.extracting((path) -> path.getFileName().toString())
				.asString()
				.startsWith("checkpoint.yml.corrupt-");
		}
	}

	@Test
	void missingFileWithPreviousCopyShouldLoadThePreviousCopy() throws IOException {
		YamlFileCheckpointStore writer = store(OnCorrupt.FAIL);
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31Z");
		writer.save(batch(List.of(new EventLogState("App", 1, time))));
		writer.save(batch(List.of(new EventLogState("App", 2, time))));
		Files.delete(file());
		assertThat(store(OnCorrupt.FAIL).load().states()).singleElement()
			.extracting(EventLogState::recordNumber)
			.isEqualTo(1L);
	}

	@Test
	void leftoverTemporaryFileShouldBeIgnoredAndRemoved() throws IOException {
		Files.writeString(this.dir.resolve(".checkpoint.yml.tmp"), "half a wri");
		assertThat(store(OnCorrupt.FAIL).load().states()).isEmpty();
		assertThat(this.dir.resolve(".checkpoint.yml.tmp")).doesNotExist();
	}

	@Test
	void timesShouldBeWrittenAsGoRfc3339Nano() {
		assertThat(CheckpointYaml.formatTime(OffsetDateTime.parse("2017-12-05T15:16:00Z"))).isEqualTo("2017-12-05T15:16:00Z");
		assertThat(CheckpointYaml.formatTime(OffsetDateTime.parse("2017-12-05T15:16:31.120+05:30")))
			.isEqualTo("2017-12-05T15:16:31.12+05:30");
		assertThat(CheckpointYaml.formatTime(OffsetDateTime.parse("2017-12-05T15:16:31.000000001-04:00")))
			.isEqualTo("2017-12-05T15:16:31.000000001-04:00");
		assertThat(CheckpointYaml.formatTime(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
			.isEqualTo("0001-01-01T00:00:00Z");
	}

	@Test
	void engineOnAMissingDirectoryShouldCreateItReadableByItsGroupOnly() throws IOException {
		Path file = this.dir.resolve("a/b/checkpoint.yml");
		CheckpointEngine engine = new CheckpointEngine(new YamlFileCheckpointStore(file, OnCorrupt.FAIL), 1,
				Duration.ofHours(1));
		try {
			assertThat(file.getParent()).isDirectory();
			assertThat(Files.getPosixFilePermissions(file.getParent()))
				.isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
			engine.persist("App", 1, OffsetDateTime.parse("2017-12-05T15:16:31Z"));
			engine.flush(Duration.ofSeconds(5));
			assertThat(file).exists();
		}
		finally {
			engine.shutdown();
		}
	}

	@Test
	void engineStatesShouldRoundTripTheWholeUnsignedRangeNanosecondsOffsetsAndBookmarks() throws IOException {
		OffsetDateTime time = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");
		OffsetDateTime max = OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z");
		OffsetDateTime zero = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
		CheckpointEngine engine = new CheckpointEngine(store(OnCorrupt.FAIL), 1000, Duration.ofHours(1));
		engine.persist("max", -1L, max);
		engine.persist("zero", 0, zero);
		engine.persist(new EventLogState("offset", Long.MIN_VALUE, time, "<BookmarkList/>"));
		assertThat(engine.shutdown()).isTrue();
		Map<String, EventLogState> loaded = store(OnCorrupt.FAIL).load()
			.states()
			.stream()
			.collect(Collectors.toMap(EventLogState::name, Function.identity()));
		assertThat(loaded.get("max").recordNumberString()).isEqualTo("18446744073709551615");
		assertThat(loaded.get("max").timestamp()).isEqualTo(max);
		assertThat(loaded.get("zero").timestamp()).isEqualTo(zero);
		assertThat(loaded.get("offset").recordNumberString()).isEqualTo("9223372036854775808");
		assertThat(loaded.get("offset").timestamp()).isEqualTo(time);
		assertThat(loaded.get("offset").timestamp().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
		assertThat(loaded.get("offset").bookmark()).isEqualTo("<BookmarkList/>");
	}

}
