package io.eventcheckpoint.format;

import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.LoadedCheckpoint;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.eventcheckpoint.engine.EventLogState;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes the checkpoint file format of Winlogbeat's Go {@code checkpoint} package.
 * <p>
 * Reading uses Jackson's YAML parser and accepts anything Go's {@code yaml.v2} writes. Writing is
 * done here rather than with Jackson's generator because the format is fixed and tiny, and this
 * way every quoting decision is explicit: names that YAML 1.1 would read as another type
 * ({@code 123}, {@code true}, {@code null}, {@code 0x1F}, {@code ""}) are double-quoted so Go's
 * loader gives back the same string, and a flush of 100k states stays far below the disk's cost.
 */
public final class CheckpointYaml {

	private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
		.loadSettings(LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build())
		.build());

	private static final Set<String> RESERVED = Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");

	private CheckpointYaml() {
	}

	/**
	 * Write states in the Go original's format.
	 * @param out where to write (UTF-8)
	 * @param updateTime the {@code update_time} value
	 * @param states the states, already sorted by name
	 * @throws IOException if writing fails
	 */
	public static void write(Writer out, OffsetDateTime updateTime, Collection<EventLogState> states)
			throws IOException {
		StringBuilder line = new StringBuilder(256);
		line.append("update_time: ");
		appendTime(line, (updateTime != null) ? updateTime : OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
		line.append('\n');
		if (states.isEmpty()) {
			line.append("event_logs: []\n");
			out.append(line);
			return;
		}
		line.append("event_logs:\n");
		out.append(line);
		for (EventLogState state : states) {
			line.setLength(0);
			line.append("- name: ");
			appendString(line, state.name());
			line.append("\n  record_number: ");
			long recordNumber = state.recordNumber();
			if (recordNumber >= 0) {
				line.append(recordNumber);
			}
			else {
				line.append(Long.toUnsignedString(recordNumber));
			}
			line.append("\n  timestamp: ");
			appendTime(line, state.timestamp());
			if (state.bookmark() != null) {
				line.append("\n  bookmark: ");
				appendString(line, state.bookmark());
			}
			line.append('\n');
			out.append(line);
		}
	}

	/**
	 * Read a file's content.
	 * @param content the bytes of the file
	 * @return the states and {@code update_time}; empty for a blank file
	 * @throws CorruptCheckpointException if the content is not a valid checkpoint file
	 */
	public static LoadedCheckpoint read(byte[] content) throws CorruptCheckpointException {
		for (byte b : content) {
			if (b == 0) {
				throw new CorruptCheckpointException("it contains NUL bytes (an interrupted write)");
			}
		}
		LoadedCheckpoint canonical = CanonicalCheckpointReader.read(content);
		if (canonical != null) {
			return canonical;
		}
		return readGeneral(content);
	}

	/**
	 * Read content with the general YAML parser, whatever its layout.
	 * @param content the bytes of the file
	 * @return the states and {@code update_time}; empty for a blank file
	 * @throws CorruptCheckpointException if the content is not a valid checkpoint file
	 */
	static LoadedCheckpoint readGeneral(byte[] content) throws CorruptCheckpointException {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new CorruptCheckpointException("it is not valid UTF-8", ex);
		}
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		try (JsonParser parser = MAPPER.createParser(new SurrogateSafeReader(text))) {
			return read(parser);
		}
		catch (JacksonException ex) {
			throw new CorruptCheckpointException("it is not valid YAML: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Hands snakeyaml-engine at most one character less than it asks for. Its {@code StreamReader}
	 * fills its whole buffer and, when the last character is the first half of a surrogate pair
	 * (an emoji, say), reads the second half one place past the end: a valid file whose names hold
	 * such a character at an unlucky offset failed to load with an IndexOutOfBoundsException
	 * (jackson-dataformats-text #508).
	 */
	private static final class SurrogateSafeReader extends Reader {

		private final StringReader text;

		SurrogateSafeReader(String text) {
			this.text = new StringReader(text);
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			return this.text.read(buffer, offset, (length > 1) ? length - 1 : length);
		}

		@Override
		public void close() {
			this.text.close();
		}

	}

	private static LoadedCheckpoint read(JsonParser parser) throws CorruptCheckpointException {
		JsonToken token = parser.nextToken();
		if (token == null) {
			return LoadedCheckpoint.empty();
		}
		if (token != JsonToken.START_OBJECT) {
			throw new CorruptCheckpointException("its top level is not a mapping with event_logs");
		}
		OffsetDateTime updateTime = null;
		List<EventLogState> states = new ArrayList<>();
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			token = parser.nextToken();
			switch (field) {
				case "update_time" -> updateTime = (token == JsonToken.VALUE_NULL) ? null
						: parseTime(scalar(parser, token, "update_time"), "update_time");
				case "event_logs" -> readEventLogs(parser, token, states);
				default -> parser.skipChildren();
			}
		}
		if (token != JsonToken.END_OBJECT) {
			throw new CorruptCheckpointException("it ends unexpectedly");
		}
		if (parser.nextToken() != null) {
			throw new CorruptCheckpointException("it holds more than one YAML document");
		}
		return new LoadedCheckpoint(states, updateTime);
	}

	private static void readEventLogs(JsonParser parser, JsonToken token, List<EventLogState> states)
			throws CorruptCheckpointException {
		if (token == JsonToken.VALUE_NULL) {
			return;
		}
		if (token != JsonToken.START_ARRAY) {
			throw new CorruptCheckpointException("event_logs is not a list");
		}
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (token != JsonToken.START_OBJECT) {
				throw new CorruptCheckpointException("event_logs entry " + (states.size() + 1) + " is not a mapping");
			}
			states.add(readEventLog(parser, states.size() + 1));
		}
	}

	private static EventLogState readEventLog(JsonParser parser, int index) throws CorruptCheckpointException {
		String name = null;
		String recordNumber = null;
		String timestamp = null;
		String bookmark = null;
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			token = parser.nextToken();
			switch (field) {
				// Go's yaml.v2 reads a null scalar into a string field as "".
				case "name" -> name = (token == JsonToken.VALUE_NULL) ? "" : scalar(parser, token, "name");
				case "record_number" -> recordNumber = scalar(parser, token, "record_number");
				case "timestamp" -> timestamp = scalar(parser, token, "timestamp");
				case "bookmark" -> bookmark = (token == JsonToken.VALUE_NULL) ? null : scalar(parser, token, "bookmark");
				default -> parser.skipChildren();
			}
		}
		String where = "event_logs entry " + index + ((name != null) ? " (" + name + ")" : "");
		if (name == null || recordNumber == null || timestamp == null) {
			throw new CorruptCheckpointException(where + " lacks name, record_number or timestamp (a truncated write?)");
		}
		return new EventLogState(name, parseRecordNumber(recordNumber, where), parseTime(timestamp, where),
				bookmark);
	}

	private static String scalar(JsonParser parser, JsonToken token, String field) throws CorruptCheckpointException {
		if (!token.isScalarValue()) {
			throw new CorruptCheckpointException(field + " is not a scalar");
		}
		return parser.getText();
	}

	/**
	 * Parse unsigned decimal digits into the unsigned 64-bit range.
	 * @param digits the text
	 * @param where what to name in the error
	 * @return the value as a (possibly negative) {@code long} holding the unsigned bits
	 * @throws CorruptCheckpointException if it is not a number from 0 to 18446744073709551615
	 */
	static long parseRecordNumber(String digits, String where) throws CorruptCheckpointException {
		if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw new CorruptCheckpointException(where + ": record_number '" + abbreviate(digits)
					+ "' is not an unsigned 64-bit number");
		}
		try {
			return Long.parseUnsignedLong(digits);
		}
		catch (NumberFormatException ex) {
			throw new CorruptCheckpointException(where + ": record_number " + digits + " is over 18446744073709551615");
		}
	}

	private static OffsetDateTime parseTime(String text, String where) throws CorruptCheckpointException {
		try {
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		}
		catch (DateTimeException ex) {
			throw new CorruptCheckpointException(where + ": '" + abbreviate(text) + "' is not an RFC 3339 time");
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

	/**
	 * Format a time as Go's {@code time.RFC3339Nano}: trailing zeros of the fraction dropped, the
	 * offset kept, {@code Z} for UTC.
	 * @param time the time
	 * @return the text
	 */
	public static String formatTime(OffsetDateTime time) {
		StringBuilder builder = new StringBuilder(36);
		appendTime(builder, time);
		return builder.toString();
	}

	static void appendTime(StringBuilder out, OffsetDateTime time) {
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
	 * Whether a value can be written without quotes: conservative, so that YAML 1.1 and 1.2 read it
	 * as the same string. The rule was the pattern
	 * {@code [A-Za-z_][A-Za-z0-9_./()-]*(?: [A-Za-z0-9_./()-]+)*}, minus YAML 1.1's booleans and null;
	 * it is spelled out by hand because the pattern cost a tenth of a flush.
	 * @param value the value
	 * @return whether it may be written plain
	 */
	static boolean isPlain(String value) {
		int length = value.length();
		if (length == 0) {
			return false;
		}
		char first = value.charAt(0);
		if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_'
				|| isNonAsciiLetterOrDigit(first))) {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = value.charAt(i);
			if (c == ' ') {
				// Single spaces between words only: never two in a row, never at the end.
				if (i + 1 == length || value.charAt(i + 1) == ' ') {
					return false;
				}
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '.' || c == '/' || c == '(' || c == ')' || c == '-' || isNonAsciiLetterOrDigit(c))) {
				return false;
			}
		}
		return length > 5 || !RESERVED.contains(value.toLowerCase(java.util.Locale.ROOT));
	}

	/**
	 * Letters and digits beyond ASCII (Japanese, accented Latin, ...) are plain in YAML, and Go's
	 * yaml.v2 (which emits Unicode) writes them unquoted; quoting them would change a Go file's
	 * bytes on a round trip. Surrogates (emoji) and other symbols stay quoted.
	 */
	private static boolean isNonAsciiLetterOrDigit(char c) {
		return c >= 0x80 && !Character.isSurrogate(c) && Character.isLetterOrDigit(c);
	}

	static void appendString(StringBuilder out, String value) {
		if (isPlain(value)) {
			out.append(value);
			return;
		}
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				case '\r' -> out.append("\\r");
				default -> {
					if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFEFF'
							|| (Character.isSurrogate(c) && !isPairedSurrogate(value, i))) {
						out.append(String.format("\\u%04X", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static boolean isPairedSurrogate(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

}
