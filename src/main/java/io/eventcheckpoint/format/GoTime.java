package io.eventcheckpoint.format;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Go's {@code time.RFC3339Nano} layout, the one format every time in the file has: formatting, and
 * the byte-level parser both readers share.
 */
final class GoTime {

	private static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	private GoTime() {
	}

	/** Go's zero {@code time.Time}, which the Go package writes when nothing was saved yet. */
	static OffsetDateTime zero() {
		return ZERO;
	}

	/**
	 * Append a time as Go's {@code time.RFC3339Nano}: trailing zeros of the fraction dropped, the
	 * offset kept, {@code Z} for UTC.
	 */
	static void append(StringBuilder out, OffsetDateTime time) {
		int year = time.getYear();
		if (year < 0 || year > 9999) {
			out.append(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
			return;
		}
		pad(out, year, 4).append('-');
		pad(out, time.getMonthValue(), 2).append('-');
		pad(out, time.getDayOfMonth(), 2).append('T');
		pad(out, time.getHour(), 2).append(':');
		pad(out, time.getMinute(), 2).append(':');
		pad(out, time.getSecond(), 2);
		int nanos = time.getNano();
		if (nanos != 0) {
			int digits = 9;
			while (nanos % 10 == 0) {
				nanos /= 10;
				digits--;
			}
			out.append('.');
			pad(out, nanos, digits);
		}
		int offset = time.getOffset().getTotalSeconds();
		if (offset == 0) {
			out.append('Z');
			return;
		}
		out.append((offset < 0) ? '-' : '+');
		offset = Math.abs(offset);
		pad(out, offset / 3600, 2).append(':');
		pad(out, (offset / 60) % 60, 2);
		if (offset % 60 != 0) {
			out.append(':');
			pad(out, offset % 60, 2);
		}
	}

	/** Append a non-negative number with leading zeros, without a temporary String per number. */
	private static StringBuilder pad(StringBuilder out, int value, int width) {
		int length = 1;
		for (int rest = value; rest >= 10; rest /= 10) {
			length++;
		}
		for (int i = length; i < width; i++) {
			out.append('0');
		}
		int end = out.length() + length;
		out.setLength(end);
		int rest = value;
		for (int i = end - 1; i >= end - length; i--) {
			out.setCharAt(i, (char) ('0' + rest % 10));
			rest /= 10;
		}
		return out;
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
