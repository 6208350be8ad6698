package io.eventcheckpoint.format;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

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
