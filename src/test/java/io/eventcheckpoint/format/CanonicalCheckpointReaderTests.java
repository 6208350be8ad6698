package io.eventcheckpoint.format;

import io.eventcheckpoint.engine.LoadedCheckpoint;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import io.eventcheckpoint.engine.EventLogState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalCheckpointReaderTests {

	private static final List<String> NAMES = List.of("Application", "Windows PowerShell",
			"Microsoft-Windows-Sysmon/Operational", "host-000001/Security", "_x", "a.b(c)", "123", "1e3", "0x1F",
			"true", "False", "yes", "No", "on", "OFF", "null", "Nulls", "~", "", " ", "-", "- leading dash", "a: b",
			"a #b", "#comment", "'quoted'", "\"double\"", "back\\slash", "tab\there", "new\nline", "cr\rlf", "[list]",
			"{map}", "*alias", "trailing ", " leading", "two  spaces", "ünïcödé", "日本語のログ", "😀 emoji", "\uFFFD",
			"\u2028sep", "\u0085nel", "\uFEFFbom", "del\u007F", "bell\u0007", "lone \uD800 surrogate");

	private static final List<OffsetDateTime> TIMES = List.of(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
			OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30"),
			OffsetDateTime.parse("2017-12-05T10:46:31.000000001-04:00"),
			OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z"),
			OffsetDateTime.parse("2024-02-29T12:00:00.5-00:30"),
			OffsetDateTime.parse("2024-02-29T12:00:00+14:00"));

	private static byte[] written(List<EventLogState> states) throws IOException {
		StringWriter out = new StringWriter();
		CheckpointYaml.write(out, OffsetDateTime.parse("2026-11-25T10:00:00.25Z"), states);
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void everythingTheWriterWritesShouldReadAsTheGeneralParserReadsIt() throws Exception {
		List<EventLogState> states = new ArrayList<>();
		long[] records = { 0, 1, 10, 42, Long.MAX_VALUE, Long.MIN_VALUE, -1 };
		for (int i = 0; i < NAMES.size(); i++) {
			String bookmark = switch (i % 3) {
				case 0 -> null;
				case 1 -> "<BookmarkList>\r\n  <Bookmark Channel='" + NAMES.get(i) + "' RecordId='1'/>\r\n</BookmarkList>";
				default -> NAMES.get(i);
			};
			states.add(new EventLogState(NAMES.get(i), records[i % records.length], TIMES.get(i % TIMES.size()),
					bookmark));
		}
		// Lone surrogates, | blocks and folded long lines are left to the general parser by design.
		List<EventLogState> oneLine = states.stream()
			.filter((state) -> fitsOneLine(state.name()))
			.map((state) -> new EventLogState(state.name(), state.recordNumber(), state.timestamp(),
					(state.bookmark() != null && fitsOneLine(state.bookmark())) ? state.bookmark() : null))
			.toList();
		byte[] content = written(oneLine);
		LoadedCheckpoint general = CheckpointYaml.readGeneral(content);
		LoadedCheckpoint canonical = CanonicalCheckpointReader.read(content);
		assertThat(canonical).isNotNull();
		assertThat(canonical).isEqualTo(general);
		assertThat(canonical.states()).hasSizeGreaterThan(NAMES.size() / 2);
		assertThat(canonical.states()).extracting(EventLogState::timestamp)
			.extracting(OffsetDateTime::getOffset)
			.containsAll(TIMES.stream().map(OffsetDateTime::getOffset).toList());
	}

	@Test
	void everyTimestampGoCanWriteShouldReadBackEqual() throws Exception {
		List<OffsetDateTime> times = CheckpointYamlWriteTests.timesAcrossEveryYear(new Random(12), 20_000)
			.stream()
			.filter((time) -> time.getYear() >= 0 && time.getYear() <= 9999
					&& time.getOffset().getTotalSeconds() % 60 == 0)
			.toList();
		List<EventLogState> states = new ArrayList<>();
		for (int i = 0; i < times.size(); i++) {
			states.add(new EventLogState("log " + i, i, times.get(i)));
		}
		LoadedCheckpoint read = CanonicalCheckpointReader.read(written(states));
		assertThat(read).isNotNull();
		assertThat(read.states()).hasSizeGreaterThan(10_000).isEqualTo(states);
		assertThat(read.states()).extracting(EventLogState::timestamp).isEqualTo(times);
	}

	@Test
	void emptyListShouldReadCanonically() throws Exception {
		byte[] content = written(List.of());
		assertThat(CanonicalCheckpointReader.read(content)).isEqualTo(CheckpointYaml.readGeneral(content));
	}

	private static boolean fitsOneLine(String text) {
		return text.indexOf('\n') < 0 && text.length() < 40
				&& text.chars().noneMatch((c) -> Character.isSurrogate((char) c) && !text.contains("😀"));
	}

	@Test
	void yamlV2EscapesShouldReadAsTheGeneralParserReadsThem() throws Exception {
		byte[] content = "update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: \"A\\x41\\u00e9\\U0001F600\\e\\N\\_\\0\"\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n- name: '- it''s'\n  record_number: 6\n  timestamp: 2017-12-05T15:16:31Z\n"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(CanonicalCheckpointReader.read(content)).isNotNull().isEqualTo(CheckpointYaml.readGeneral(content));
	}

	@ParameterizedTest
	@ValueSource(strings = { "update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: -5\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 05\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 18446744073709551616\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05 15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-13-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31.Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-02-29T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 1900-02-29T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-04-31T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-00T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-00-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T24:00:00Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T23:60:00Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T23:59:60Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31+18:01\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31-19:00\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31+05:60\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31.1234567891Z\n",
			"update_time: 2017-02-29T15:16:38Z\nevent_logs: []\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n  unknown: x\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App\n  name: Other\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: true\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: App # comment\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: \"App\\q41\"\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: \"App\" \n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n",
			"update_time: 2017-12-05T15:16:38Z\r\nevent_logs: []\r\n",
			"event_logs: []\nupdate_time: 2017-12-05T15:16:38Z\n",
			"update_time: 2017-12-05T15:16:38Z\nevent_logs:\n  - name: App\n    record_number: 5\n    timestamp: 2017-12-05T15:16:31Z\n" })
	void contentOutsideTheCanonicalLayoutShouldBeLeftToTheGeneralParser(String content) {
		assertThat(CanonicalCheckpointReader.read(content.getBytes(StandardCharsets.UTF_8))).isNull();
	}

	@Test
	void invalidUtf8InAQuotedNameShouldBeLeftToTheGeneralParser() {
		byte[] content = "update_time: 2017-12-05T15:16:38Z\nevent_logs:\n- name: \"ab\"\n  record_number: 5\n  timestamp: 2017-12-05T15:16:31Z\n"
			.getBytes(StandardCharsets.UTF_8);
		content[56] = (byte) 0xC3;
		assertThat(CanonicalCheckpointReader.read(content)).isNull();
	}

	@Test
	void plainRuleShouldMatchThePatternItReplaced() {
		// Non-ASCII letters and digits of the Basic Multilingual Plane are plain too, as Go's yaml.v2 writes them.
		String nonAscii = "[\\p{L}\\p{Nd}&&[\\u0080-\\uFFFF]]";
		Pattern pattern = Pattern.compile("(?:[A-Za-z_]|" + nonAscii + ")(?:[A-Za-z0-9_./()-]|" + nonAscii + ")*(?: (?:[A-Za-z0-9_./()-]|"
				+ nonAscii + ")+)*");
		List<String> reserved = List.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");
		assertThat(NAMES).allSatisfy((name) -> assertThat(CheckpointYaml.isPlain(name))
			.as(name)
			.isEqualTo(pattern.matcher(name).matches() && !reserved.contains(name.toLowerCase(java.util.Locale.ROOT))));
	}

}
