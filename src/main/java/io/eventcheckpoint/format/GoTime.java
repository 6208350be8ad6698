package io.eventcheckpoint.format;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Go's {@code time.RFC3339Nano} layout, the one format every time in the file has: formatting, and
 * the byte-level parser both readers share.
 */
final class GoTime {

	/**
	 * The longest text a time can take: {@code ISO_OFFSET_DATE_TIME} of a year beyond 9999 with
	 * nanoseconds and an offset in seconds ({@code +999999999-12-31T23:59:59.999999999+18:00:00}
	 * has 46 characters).
	 */
	static final int MAX_LENGTH = 64;

	private static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	private GoTime() {
	}

	/** Go's zero {@code time.Time}, which the Go package writes when nothing was saved yet. */
	static OffsetDateTime zero() {
		return ZERO;
	}

	/**
	 * Format a time as Go's {@code time.RFC3339Nano}: trailing zeros of the fraction dropped, the
	 * offset kept, {@code Z} for UTC.
	 */
	static String format(OffsetDateTime time) {
		byte[] ascii = new byte[MAX_LENGTH];
		return new String(ascii, 0, write(ascii, 0, time), StandardCharsets.US_ASCII);
	}

	/**
	 * Write a time as {@link #format} does, as ASCII bytes straight into an array, without a
	 * temporary String or builder: the writer does this twice per log.
	 * @param out the array, with at least {@link #MAX_LENGTH} bytes free from {@code at}
	 * @param at where the first byte goes
	 * @param time the time
	 * @return one past the last byte written
	 */
	static int write(byte[] out, int at, OffsetDateTime time) {
		int year = time.getYear();
		if (year < 0 || year > 9999) {
			String iso = time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			for (int i = 0; i < iso.length(); i++) {
				out[at++] = (byte) iso.charAt(i);
			}
			return at;
		}
		at = pad(out, at, year, 4);
		out[at++] = '-';
		at = pad(out, at, time.getMonthValue(), 2);
		out[at++] = '-';
		at = pad(out, at, time.getDayOfMonth(), 2);
		out[at++] = 'T';
		at = pad(out, at, time.getHour(), 2);
		out[at++] = ':';
		at = pad(out, at, time.getMinute(), 2);
		out[at++] = ':';
		at = pad(out, at, time.getSecond(), 2);
		int nanos = time.getNano();
		if (nanos != 0) {
			int digits = 9;
			while (nanos % 10 == 0) {
				nanos /= 10;
				digits--;
			}
			out[at++] = '.';
			at = pad(out, at, nanos, digits);
		}
		int offset = time.getOffset().getTotalSeconds();
		if (offset == 0) {
			out[at++] = 'Z';
			return at;
		}
		out[at++] = (byte) ((offset < 0) ? '-' : '+');
		offset = Math.abs(offset);
		at = pad(out, at, offset / 3600, 2);
		out[at++] = ':';
		at = pad(out, at, (offset / 60) % 60, 2);
		if (offset % 60 != 0) {
			out[at++] = ':';
			at = pad(out, at, offset % 60, 2);
		}
		return at;
	}

	/** Write a non-negative number with leading zeros to {@code width} digits. */
	private static int pad(byte[] out, int at, int value, int width) {
		int length = 1;
		for (int rest = value; rest >= 10; rest /= 10) {
			length++;
		}
		for (int i = length; i < width; i++) {
			out[at++] = '0';
		}
		int end = at + length;
		int rest = value;
		for (int i = end - 1; i >= at; i--) {
			out[i] = (byte) ('0' + rest % 10);
			rest /= 10;
		}
		return end;
	}

	/**
	 * Parse {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)} exactly as Go's {@code RFC3339Nano}
	 * writes it, straight from ASCII bytes.
	 * @param in the bytes
	 * @param start the first byte
	 * @param end one past the last byte
	 * @return the time
	 * @throws YamlScalars.Malformed if the bytes are not in that layout
	 */
	static OffsetDateTime parse(byte[] in, int start, int end) throws YamlScalars.Malformed {
		if (end - start < 20) {
			throw YamlScalars.MALFORMED;
		}
		int year = digits(in, start, 4);
		separator(in, start + 4, '-');
		int month = digits(in, start + 5, 2);
		separator(in, start + 7, '-');
		int day = digits(in, start + 8, 2);
		separator(in, start + 10, 'T');
		int hour = digits(in, start + 11, 2);
		separator(in, start + 13, ':');
		int minute = digits(in, start + 14, 2);
		separator(in, start + 16, ':');
		int second = digits(in, start + 17, 2);
		int i = start + 19;
		int nanos = 0;
		if (in[i] == '.') {
			int fractionStart = ++i;
			while (i < end && i - fractionStart < 9 && in[i] >= '0' && in[i] <= '9') {
				nanos = nanos * 10 + (in[i] - '0');
				i++;
			}
			int fractionDigits = i - fractionStart;
			if (fractionDigits == 0) {
				throw YamlScalars.MALFORMED;
			}
			for (int d = fractionDigits; d < 9; d++) {
				nanos *= 10;
			}
		}
		ZoneOffset offset;
		if (i == end - 1 && in[i] == 'Z') {
			offset = ZoneOffset.UTC;
		}
		else if (i == end - 6 && (in[i] == '+' || in[i] == '-')) {
			int sign = (in[i] == '-') ? -1 : 1;
			int hours = digits(in, i + 1, 2);
			separator(in, i + 3, ':');
			int minutes = digits(in, i + 4, 2);
			try {
				offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
			}
			catch (DateTimeException ex) {
				throw YamlScalars.MALFORMED;
			}
		}
		else {
			throw YamlScalars.MALFORMED;
		}
		try {
			return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
		}
		catch (DateTimeException ex) {
			throw YamlScalars.MALFORMED;
		}
	}

	/**
	 * Parse any RFC 3339 time the service has ever accepted: Go's layout through {@link #parse},
	 * anything else ISO 8601 allows with an offset through {@code DateTimeFormatter}.
	 * @param text the text
	 * @return the time
	 * @throws DateTimeException if it is no time with an offset
	 */
	static OffsetDateTime parseLenient(String text) {
		byte[] ascii = YamlScalars.asciiOrNull(text);
		if (ascii != null) {
			try {
				return parse(ascii, 0, ascii.length);
			}
			catch (YamlScalars.Malformed ex) {
				// Not Go's exact layout: the ISO parser below decides.
			}
		}
		return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
	}

	private static int digits(byte[] in, int start, int count) throws YamlScalars.Malformed {
		int value = 0;
		for (int i = start; i < start + count; i++) {
			int digit = in[i] - '0';
			if (digit < 0 || digit > 9) {
				throw YamlScalars.MALFORMED;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	private static void separator(byte[] in, int at, char expected) throws YamlScalars.Malformed {
		if (in[at] != expected) {
			throw YamlScalars.MALFORMED;
		}
	}

}
