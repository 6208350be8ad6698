package io.eventcheckpoint.format;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
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

	/** Format a time given as numbers as {@link #format(OffsetDateTime)} formats it. */
	static String format(long epochSecond, int nano, int offsetSeconds) {
		byte[] ascii = new byte[MAX_LENGTH];
		return new String(ascii, 0, write(ascii, 0, epochSecond, nano, offsetSeconds), StandardCharsets.US_ASCII);
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
			return writeIso(out, at, time);
		}
		return write(out, at, year, time.getMonthValue(), time.getDayOfMonth(), time.toLocalTime().toSecondOfDay(),
				time.getNano(), time.getOffset().getTotalSeconds());
	}

	/**
	 * Write a time given as numbers, as {@link #write(byte[], int, OffsetDateTime)} writes the
	 * {@code OffsetDateTime} they stand for, without building one: a flush writes every log's
	 * timestamp, and the states hold it as these numbers.
	 * @param out the array, with at least {@link #MAX_LENGTH} bytes free from {@code at}
	 * @param at where the first byte goes
	 * @param epochSecond seconds since 1970-01-01T00:00:00Z
	 * @param nano nanoseconds, 0 to 999,999,999
	 * @param offsetSeconds the offset from UTC in seconds, a valid {@link ZoneOffset}
	 * @return one past the last byte written
	 */
	static int write(byte[] out, int at, long epochSecond, int nano, int offsetSeconds) {
		long localSecond = epochSecond + offsetSeconds;
		LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(localSecond, 86_400L));
		int year = date.getYear();
		if (year < 0 || year > 9999) {
			ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
			return writeIso(out, at, OffsetDateTime.of(LocalDateTime.ofEpochSecond(epochSecond, nano, offset), offset));
		}
		return write(out, at, year, date.getMonthValue(), date.getDayOfMonth(),
				(int) Math.floorMod(localSecond, 86_400L), nano, offsetSeconds);
	}

	private static int write(byte[] out, int at, int year, int month, int day, int secondOfDay, int nano,
			int offsetSeconds) {
		at = pad(out, at, year, 4);
		out[at++] = '-';
		at = pad(out, at, month, 2);
		out[at++] = '-';
		at = pad(out, at, day, 2);
		out[at++] = 'T';
		at = pad(out, at, secondOfDay / 3600, 2);
		out[at++] = ':';
		at = pad(out, at, (secondOfDay / 60) % 60, 2);
		out[at++] = ':';
		at = pad(out, at, secondOfDay % 60, 2);
		int nanos = nano;
		if (nanos != 0) {
			int digits = 9;
			while (nanos % 10 == 0) {
				nanos /= 10;
				digits--;
			}
			out[at++] = '.';
			at = pad(out, at, nanos, digits);
		}
		int offset = offsetSeconds;
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

	/** A year outside 0 to 9999 as {@code ISO_OFFSET_DATE_TIME} writes it (Go cannot read it back). */
	private static int writeIso(byte[] out, int at, OffsetDateTime time) {
		String iso = time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		for (int i = 0; i < iso.length(); i++) {
			out[at++] = (byte) iso.charAt(i);
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
		Parsed time = new Parsed();
		time.parse(in, start, end);
		ZoneOffset offset = ZoneOffset.ofTotalSeconds(time.offsetSeconds);
		return OffsetDateTime.of(LocalDateTime.ofEpochSecond(time.epochSecond, time.nano, offset), offset);
	}

	/**
	 * A time parsed into the numbers an {@code EventLogState} holds, so the reader builds no
	 * {@code OffsetDateTime} per log. Reused from one parse to the next.
	 */
	static final class Parsed {

		long epochSecond;

		int nano;

		int offsetSeconds;

		/**
		 * Parse as {@link GoTime#parse} does, accepting and refusing the same text.
		 * @param in the bytes
		 * @param start the first byte
		 * @param end one past the last byte
		 * @throws YamlScalars.Malformed if the bytes are not in that layout, or no valid time
		 */
		void parse(byte[] in, int start, int end) throws YamlScalars.Malformed {
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
			int offset;
			if (i == end - 1 && in[i] == 'Z') {
				offset = 0;
			}
			else if (i == end - 6 && (in[i] == '+' || in[i] == '-')) {
				int hours = digits(in, i + 1, 2);
				separator(in, i + 3, ':');
				int minutes = digits(in, i + 4, 2);
				// ZoneOffset's own bounds: at most 18 hours, 59 minutes, 18:00 in all.
				offset = hours * 3600 + minutes * 60;
				if (hours > 18 || minutes > 59 || offset > 18 * 3600) {
					throw YamlScalars.MALFORMED;
				}
				offset = (in[i] == '-') ? -offset : offset;
			}
			else {
				throw YamlScalars.MALFORMED;
			}
			if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour > 23 || minute > 59
					|| second > 59) {
				throw YamlScalars.MALFORMED;
			}
			this.epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offset;
			this.nano = nanos;
			this.offsetSeconds = offset;
		}

	}

	/** Days in a month of a year from 0 to 9999, as {@code LocalDate} counts them. */
	private static int monthLength(int year, int month) {
		return switch (month) {
			case 2 -> isLeap(year) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	private static boolean isLeap(int year) {
		return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
	}

	/** Days since 1970-01-01 of a valid date from year 0 to 9999, as {@code LocalDate.toEpochDay}. */
	private static long epochDay(int year, int month, int day) {
		long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
		total += (367 * month - 362) / 12 + day - 1;
		if (month > 2) {
			total -= isLeap(year) ? 1 : 2;
		}
		return total - 719_528;
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
