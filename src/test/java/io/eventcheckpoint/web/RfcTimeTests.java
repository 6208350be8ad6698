package io.eventcheckpoint.web;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RfcTime}: its fast path must accept and refuse exactly what
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does, with the same values.
 */
class RfcTimeTests {

	private static final List<String> TIMES = List.of("2024-05-01T08:00:00Z", "2024-05-01T08:00:00.1Z",
			"2024-05-01T08:00:00.123456789Z", "2024-05-01T08:00:00.1234567891Z", "2017-12-05T15:16:31.1188124+05:30",
			"2017-12-05T15:16:31-08:00", "2017-12-05T15:16:31-00:00", "0000-01-01T00:00:00Z",
			"9999-12-31T23:59:59.999999999Z", "2024-05-01t08:00:00z", "2024-05-01T08:00Z", "2024-05-01T08:00:00+18:00",
			"2024-05-01T08:00:00+05:30:15", "2024-05-01T08:00:00.Z", "2024-02-30T08:00:00Z", "2023-02-29T08:00:00Z",
			"2024-02-29T08:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T23:60:00Z", "2024-05-01T23:59:60Z",
			"2024-13-01T08:00:00Z", "2024-05-01T08:00:00+19:00", "2024-05-01T08:00:00+05:60", "2024-05-01T08:00:00",
			"2024-05-01 08:00:00Z", "+2024-05-01T08:00:00Z", "2024-5-01T08:00:00Z", "2024-05-01T08:00:0aZ",
			"2024-05-01T08:00:00+0530", "2024-05-01T08:00:00ZZ", "2024-05-01T08:00:00.12a4Z", "", "now");

	@Test
	void parseShouldAcceptAndRefuseWhatTheIsoFormatterDoes() {
		for (String text : TIMES) {
			OffsetDateTime expected = iso(text);
			if (expected == null) {
				assertThatExceptionOfType(DateTimeException.class).as(text)
					.isThrownBy(() -> RfcTime.parse(text));
			}
			else {
				OffsetDateTime parsed = RfcTime.parse(text);
				assertThat(parsed).as(text).isEqualTo(expected);
				assertThat(parsed.getOffset()).as(text).isEqualTo(expected.getOffset());
			}
		}
	}

	private static OffsetDateTime iso(String text) {
		try {
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

}
