package io.eventcheckpoint.format;

import io.eventcheckpoint.engine.LoadedCheckpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.engine.EventLogState;

/**
 * Reads the exact layout {@link CheckpointYaml#write} produces, straight from the file's bytes.
 * <p>
 * A general YAML parser spends about 5 µs per log (profiled: SnakeYAML's scanner, its implicit
 * type resolver and {@code DateTimeFormatter}), so a file of 100,000 logs took about 500 ms to
 * load. This reader accepts only the canonical form (the key order and quoting the writer uses,
 * the escapes it emits, plain names only where the writer would leave them plain, RFC 3339 times
 * with {@code Z} or {@code ±hh:mm}) and answers {@code null} for anything else, which
 * {@link CheckpointYaml#read} then hands to the general parser. So it never reads a file
 * differently from the general parser; it only reads the common case faster.
 */
final class CanonicalCheckpointReader {

	/** Thrown, without a stack trace, as soon as the content leaves the canonical form. */
	private static final YamlScalars.Malformed NOT_CANONICAL = YamlScalars.MALFORMED;

	private static final byte[] UPDATE_TIME = ascii("update_time: ");

	private static final byte[] EMPTY_LIST = ascii("event_logs: []\n");

	private static final byte[] EVENT_LOGS = ascii("event_logs:\n");

	private static final byte[] ENTRY = ascii("- ");

	private static final byte[] CONTINUATION = ascii("  ");

	private static final int NAME = 1;

	private static final int RECORD_NUMBER = 2;

	private static final int TIMESTAMP = 4;

	private static final int BOOKMARK = 8;

	private final byte[] in;

	private final StateReplacer replacer;

	private int pos;

	private String name;

	private long recordNumber;

	private final GoTime.Parsed timestamp = new GoTime.Parsed();

	private String bookmark;

	private CanonicalCheckpointReader(byte[] in, StateReplacer replacer) {
		this.in = in;
		this.replacer = replacer;
	}

	/**
	 * Read content in the canonical layout.
	 * @param content the file's bytes
	 * @return the states, or {@code null} if the content is not in the canonical layout
	 */
	static LoadedCheckpoint read(byte[] content) {
		return read(content, StateReplacer.NONE);
	}

	/**
	 * Read content in the canonical layout, replacing each entry's state as it is read.
	 * @param content the file's bytes
	 * @param replacer sees each entry's state, in file order
	 * @return the states kept, or {@code null} if the content is not in the canonical layout
	 */
	static LoadedCheckpoint read(byte[] content, StateReplacer replacer) {
		try {
			return new CanonicalCheckpointReader(content, replacer).file();
		}
		catch (YamlScalars.Malformed ex) {
			return null;
		}
	}

	private LoadedCheckpoint file() throws YamlScalars.Malformed {
		expect(UPDATE_TIME);
		int end = lineEnd();
		OffsetDateTime updateTime = time(this.pos, end);
		this.pos = end + 1;
		if (startsWith(EMPTY_LIST)) {
			this.pos += EMPTY_LIST.length;
			if (this.pos != this.in.length) {
				throw NOT_CANONICAL;
			}
			return new LoadedCheckpoint(new ArrayList<>(), updateTime);
		}
		expect(EVENT_LOGS);
		// About 130 bytes per log in practice; a close guess spares the list's regrowth.
		List<EventLogState> states = new ArrayList<>(Math.max(16, (this.in.length - this.pos) / 120));
		while (this.pos < this.in.length) {
			expect(ENTRY);
			int seen = field(0);
			while (this.pos < this.in.length && this.in[this.pos] == ' ') {
				expect(CONTINUATION);
				seen = field(seen);
			}
			if ((seen & (NAME | RECORD_NUMBER | TIMESTAMP)) != (NAME | RECORD_NUMBER | TIMESTAMP)) {
				throw NOT_CANONICAL;
			}
			EventLogState state = this.replacer.replace(EventLogState.of(this.name, this.recordNumber,
					this.timestamp.epochSecond, this.timestamp.nano, this.timestamp.offsetSeconds,
					((seen & BOOKMARK) != 0) ? this.bookmark : null));
			if (state != null) {
				states.add(state);
			}
		}
		return new LoadedCheckpoint(states, updateTime);
	}

	/** Read one {@code key: value} line of an entry; {@code seen} holds the keys read before. */
	private int field(int seen) throws YamlScalars.Malformed {
		int keyStart = this.pos;
		int colon = keyStart;
		while (colon < this.in.length && this.in[colon] != ':') {
			colon++;
		}
		if (colon + 1 >= this.in.length || this.in[colon + 1] != ' ') {
			throw NOT_CANONICAL;
		}
		int key = key(keyStart, colon - keyStart);
		if ((seen & key) != 0) {
			throw NOT_CANONICAL;
		}
		this.pos = colon + 2;
		int end = lineEnd();
		switch (key) {
			case NAME -> this.name = string(this.pos, end);
			case RECORD_NUMBER -> this.recordNumber = unsigned(this.pos, end);
			case TIMESTAMP -> this.timestamp.parse(this.in, this.pos, end);
			default -> this.bookmark = string(this.pos, end);
		}
		this.pos = end + 1;
		return seen | key;
	}

	private int key(int start, int length) throws YamlScalars.Malformed {
		if (regionEquals(start, length, "name")) {
			return NAME;
		}
		if (regionEquals(start, length, "record_number")) {
			return RECORD_NUMBER;
		}
		if (regionEquals(start, length, "timestamp")) {
			return TIMESTAMP;
		}
		if (regionEquals(start, length, "bookmark")) {
			return BOOKMARK;
		}
		throw NOT_CANONICAL;
	}

	private String string(int start, int end) throws YamlScalars.Malformed {
		if (start < end && this.in[start] == '"') {
			return quoted(start + 1, end);
		}
		if (start < end && this.in[start] == '\'') {
			return singleQuoted(start + 1, end);
		}
		boolean ascii = true;
		for (int i = start; i < end; i++) {
			if (this.in[i] < 0) {
				ascii = false;
				break;
			}
		}
		// Plain names may hold non-ASCII letters (as Go writes them); those are decoded strictly.
		String value = ascii ? new String(this.in, start, end - start, StandardCharsets.ISO_8859_1)
				: strictUtf8(start, end - start);
		if (!GoScalarWriter.isWrittenPlain(value)) {
			throw NOT_CANONICAL;
		}
		return value;
	}

	/** A single-quoted scalar on one line, as yaml.v2 writes names such as {@code '- dash'}. */
	private String singleQuoted(int start, int end) throws YamlScalars.Malformed {
		int close = -1;
		boolean doubled = false;
		for (int i = start; i < end; i++) {
			if (this.in[i] == '\'') {
				if (i + 1 < end && this.in[i + 1] == '\'') {
					doubled = true;
					i++;
				}
				else {
					close = i;
					break;
				}
			}
		}
		if (close != end - 1) {
			throw NOT_CANONICAL;
		}
		String raw = strictUtf8(start, close - start);
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if ((!Analysis.isPrintable(c) && !Character.isSurrogate(c)) || c == '\u2028' || c == '\u2029') {
				throw NOT_CANONICAL;
			}
		}
		return doubled ? raw.replace("''", "'") : raw;
	}

	/** A double-quoted scalar whose closing quote ends the line, with yaml.v2's escapes. */
	private String quoted(int start, int end) throws YamlScalars.Malformed {
		boolean ascii = true;
		boolean escaped = false;
		int close = -1;
		for (int i = start; i < end; i++) {
			byte b = this.in[i];
			if (b == '"') {
				close = i;
				break;
			}
			if (b == '\\') {
				escaped = true;
				i++;
			}
			else if (b < 0) {
				ascii = false;
			}
		}
		if (close != end - 1) {
			throw NOT_CANONICAL;
		}
		String raw = ascii ? new String(this.in, start, close - start, StandardCharsets.ISO_8859_1)
				: strictUtf8(start, close - start);
		StringBuilder out = escaped ? new StringBuilder(raw.length()) : null;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '\\') {
				i++;
				char next = (i < raw.length()) ? raw.charAt(i) : 0;
				switch (next) {
					case '"' -> out.append('"');
					case '\\' -> out.append('\\');
					case 'n' -> out.append('\n');
					case 't' -> out.append('\t');
					case 'r' -> out.append('\r');
					case '0' -> out.append('\0');
					case 'a' -> out.append('\u0007');
					case 'b' -> out.append('\b');
					case 'v' -> out.append('\u000B');
					case 'f' -> out.append('\f');
					case 'e' -> out.append('\u001B');
					case 'N' -> out.append('\u0085');
					case '_' -> out.append('\u00A0');
					case 'x' -> {
						out.append((char) hex(raw, i + 1, 2));
						i += 2;
					}
					case 'u' -> {
						out.append((char) hex(raw, i + 1, 4));
						i += 4;
					}
					case 'U' -> {
						out.appendCodePoint(hex(raw, i + 1, 8));
						i += 8;
					}
					default -> throw NOT_CANONICAL;
				}
			}
			else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFEFF'
					|| c == '\uFFFE' || c == '\uFFFF') {
				// The writer escapes these; raw, they are where YAML readers disagree.
				throw NOT_CANONICAL;
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : raw;
	}

	private static int hex(String text, int start, int digits) throws YamlScalars.Malformed {
		if (start + digits > text.length()) {
			throw NOT_CANONICAL;
		}
		int value = 0;
		for (int i = start; i < start + digits; i++) {
			int digit = Character.digit(text.charAt(i), 16);
			if (digit < 0) {
				throw NOT_CANONICAL;
			}
			value = (value << 4) | digit;
		}
		if (!Character.isValidCodePoint(value) || (value >= 0xD800 && value <= 0xDFFF)) {
			// A lone surrogate, or no character at all: leave it to the general parser.
			throw NOT_CANONICAL;
		}
		return value;
	}

	private String strictUtf8(int start, int length) throws YamlScalars.Malformed {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(this.in, start, length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw NOT_CANONICAL;
		}
	}

	private long unsigned(int start, int end) throws YamlScalars.Malformed {
		return YamlScalars.parseUnsigned(this.in, start, end, false);
	}

	private OffsetDateTime time(int start, int end) throws YamlScalars.Malformed {
		return GoTime.parse(this.in, start, end);
	}

	/** The index of the {@code \n} that ends the current line; the canonical file ends with one. */
	private int lineEnd() throws YamlScalars.Malformed {
		for (int i = this.pos; i < this.in.length; i++) {
			if (this.in[i] == '\n') {
				return i;
			}
		}
		throw NOT_CANONICAL;
	}

	private boolean startsWith(byte[] expected) {
		if (this.pos + expected.length > this.in.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if (this.in[this.pos + i] != expected[i]) {
				return false;
			}
		}
		return true;
	}

	private void expect(byte[] expected) throws YamlScalars.Malformed {
		if (!startsWith(expected)) {
			throw NOT_CANONICAL;
		}
		this.pos += expected.length;
	}

	private boolean regionEquals(int start, int length, String expected) {
		if (length != expected.length()) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (this.in[start + i] != expected.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/** The shared core's parse error, under the name this reader's code reads best with. */
	}
