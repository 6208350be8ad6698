package io.eventcheckpoint.format;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The general path of the reader: any layout YAML allows, through Jackson's YAML parser, with
 * the numbers and times of the shared core ({@link YamlScalars}, {@link GoTime}). It accepts
 * anything Go's yaml.v2 writes; {@link CanonicalCheckpointReader} only reads the common layout
 * faster.
 */
final class GeneralCheckpointReader {

	private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
		.loadSettings(LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build())
		.build());

	private GeneralCheckpointReader() {
	}

	/**
	 * Read content with the general YAML parser, whatever its layout.
	 * @param content the bytes of the file
	 * @return the states and {@code update_time}; empty for a blank file
	 * @throws CorruptCheckpointException if the content is not a valid checkpoint file
	 */
	static LoadedCheckpoint read(byte[] content) throws CorruptCheckpointException {
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

	private static long parseRecordNumber(String digits, String where) throws CorruptCheckpointException {
		byte[] ascii = YamlScalars.asciiOrNull(digits);
		try {
			if (ascii == null || ascii.length > 20) {
				throw YamlScalars.MALFORMED;
			}
			return YamlScalars.parseUnsigned(ascii, 0, ascii.length, true);
		}
		catch (YamlScalars.Malformed ex) {
			throw new CorruptCheckpointException(where + ": record_number '" + abbreviate(digits)
					+ "' is not an unsigned 64-bit number from 0 to 18446744073709551615");
		}
	}

	private static OffsetDateTime parseTime(String text, String where) throws CorruptCheckpointException {
		try {
			return GoTime.parseLenient(text);
		}
		catch (DateTimeException ex) {
			throw new CorruptCheckpointException(where + ": '" + abbreviate(text) + "' is not an RFC 3339 time");
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
