package io.eventcheckpoint.format;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.eventcheckpoint.engine.EventLogState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's two overloads: the bytes it streams are the UTF-8 of the characters it writes,
 * which {@code GoYamlCompatibilityTests} compares with Go's own, also in a file of many chunks.
 */
class CheckpointYamlWriteTests {

	private static final OffsetDateTime UPDATE_TIME = OffsetDateTime.parse("2026-11-25T10:00:00.25+01:00");

	@Test
	void streamShouldGetTheUtf8OfWhatAWriterGets() throws Exception {
		List<EventLogState> states = new ArrayList<>(FormatSamples.fixed());
		states.addAll(FormatSamples.generated(7, 20_000));
		byte[] streamed = streamed(states);
		assertThat(streamed.length).isGreaterThan(3 * Utf8Buffer.CHUNK);
		assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(written(states));
	}

	@Test
	void emptyFileShouldHoldAnEmptySequenceAndGoZeroTime() throws Exception {
		assertThat(new String(streamed(null, List.of()), StandardCharsets.UTF_8))
			.isEqualTo("update_time: 0001-01-01T00:00:00Z\nevent_logs: []\n");
	}

	@Test
	void plainLogShouldStandAsItIs() throws Exception {
		List<EventLogState> states = List.of(new EventLogState("Windows PowerShell", -1, UPDATE_TIME, "bookmark"),
				new EventLogState("日本語のログ", 0, OffsetDateTime.parse("2026-01-02T03:04:05.000000001Z")));
		assertThat(new String(streamed(states), StandardCharsets.UTF_8)).isEqualTo("""
				update_time: 2026-11-25T10:00:00.25+01:00
				event_logs:
				- name: Windows PowerShell
				  record_number: 18446744073709551615
				  timestamp: 2026-11-25T10:00:00.25+01:00
				  bookmark: bookmark
				- name: 日本語のログ
				  record_number: 0
				  timestamp: 2026-01-02T03:04:05.000000001Z
				""");
	}

	@Test
	void everyTimestampShouldBeWrittenAsTheTimeFormatWritesIt() throws Exception {
		List<OffsetDateTime> times = timesAcrossEveryYear(new Random(11), 20_000);
		List<EventLogState> states = new ArrayList<>();
		for (int i = 0; i < times.size(); i++) {
			// Odd logs need quotes, so the emitter port writes them; even ones go the plain path.
			states.add(new EventLogState(((i % 2 == 0) ? "log " : "- log ") + i, i, times.get(i)));
		}
		List<String> expected = times.stream().map(CheckpointYaml::formatTime).toList();
		assertThat(states.stream().map(CheckpointYaml::formatTime).toList()).isEqualTo(expected);
		List<String> written = written(states).lines()
			.filter((line) -> line.startsWith("  timestamp: "))
			.map((line) -> line.substring("  timestamp: ".length()))
			.toList();
		assertThat(written).isEqualTo(expected);
		assertThat(expected).contains("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00",
				"+10000-01-01T00:00:00Z");
	}

	/**
	 * Times from before year 0 to after 9999 (which Go's layout cannot hold), with month ends,
	 * leap days, any nanoseconds and offsets to the second.
	 */
	static List<OffsetDateTime> timesAcrossEveryYear(Random random, int count) {
		List<OffsetDateTime> times = new ArrayList<>(List.of(OffsetDateTime.parse("0000-01-01T00:00:00Z"),
				OffsetDateTime.parse("0000-02-29T23:59:59.5+01:00"), OffsetDateTime.parse("0000-03-01T00:00:00-01:00"),
				OffsetDateTime.parse("1900-02-28T12:00:00Z"), OffsetDateTime.parse("2000-02-29T12:00:00Z"),
				OffsetDateTime.parse("1969-12-31T23:59:59.999999999Z"), OffsetDateTime.parse("1970-01-01T00:00:00+18:00"),
				OffsetDateTime.parse("9999-12-31T23:59:59.999999999-18:00"), OffsetDateTime.parse("+10000-01-01T00:00:00Z"),
				OffsetDateTime.parse("-0001-12-31T23:59:59Z"), OffsetDateTime.parse("2024-06-30T10:00:00+05:45:30")));
		long first = LocalDateTime.of(-1, 12, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
		long end = LocalDateTime.of(10001, 2, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
		while (times.size() < count) {
			int nano = switch (random.nextInt(3)) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1000;
				default -> random.nextInt(1_000_000_000);
			};
			ZoneOffset offset = switch (random.nextInt(3)) {
				case 0 -> ZoneOffset.UTC;
				case 1 -> ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 15 * 60);
				default -> ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1));
			};
			// Most near a year's ends, where the day arithmetic can slip.
			long second = (random.nextInt(4) == 0)
					? LocalDateTime.of(random.nextInt(0, 10000), 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC)
							+ random.nextInt(-3 * 86_400, 3 * 86_400)
					: random.nextLong(first, end);
			times.add(OffsetDateTime.of(LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC), offset));
		}
		return times;
	}

	private static byte[] streamed(List<EventLogState> states) throws Exception {
		return streamed(UPDATE_TIME, states);
	}

	private static byte[] streamed(OffsetDateTime updateTime, List<EventLogState> states) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CheckpointYaml.write(out, updateTime, states);
		return out.toByteArray();
	}

	private static String written(List<EventLogState> states) throws Exception {
		StringWriter out = new StringWriter();
		CheckpointYaml.write(out, UPDATE_TIME, states);
		return out.toString();
	}

}
