package io.eventcheckpoint.web;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * Turns untrusted JSON into positions, naming every offending field.
 * <p>
 * Fields are read as raw JSON nodes rather than bound to {@code long}: record numbers use the whole
 * unsigned 64-bit range, arrive as numbers or decimal strings, and every failure must say which field
 * is wrong rather than surface a Jackson message.
 */
final class PositionParser {

	static final BigInteger MAX_RECORD_NUMBER = new BigInteger("18446744073709551615");

	private final int maxNameLength;

	PositionParser(int maxNameLength) {
		this.maxNameLength = maxNameLength;
	}

	/**
	 * Check a name: not empty, not too long, no control characters, well-formed Unicode.
	 * @param name the name
	 * @param field the field to blame
	 * @param problems where to add what is wrong
	 */
	void checkName(String name, String field, List<FieldProblem> problems) {
		String problem = nameProblem(name);
		if (problem != null) {
			problems.add(new FieldProblem(field, problem));
		}
	}

	/**
	 * Check a name: not empty, not too long, no control characters, well-formed Unicode.
	 * @param name the name
	 * @return what is wrong, or {@code null}
	 */
	String nameProblem(String name) {
		if (name == null || name.isEmpty()) {
			return "must not be empty";
		}
		if (name.length() > this.maxNameLength) {
			return "must be at most " + this.maxNameLength + " characters";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isISOControl(c)) {
				return "must not contain control characters";
			}
			if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return "must be well-formed Unicode";
			}
		}
		return null;
	}

	/**
	 * Parse one position.
	 * @param name the event log's name (already checked)
	 * @param body the JSON object with {@code record_number}, {@code timestamp}, {@code bookmark}
	 * @param prefix the JSON path of the object, such as {@code event_logs[2].}
	 * @param receivedAt the time to use when {@code timestamp} is absent
	 * @param problems where to add what is wrong
	 * @return the state, or {@code null} if a problem was added
	 */
	EventLogState parse(String name, JsonNode body, String prefix, OffsetDateTime receivedAt,
			List<FieldProblem> problems) {
		return parse(name, body, () -> prefix, receivedAt, problems);
	}

	/**
	 * Parse one position, building the JSON path of a field only when it is wrong (in a batch of
	 * 1,000 the eager paths cost a fifth of the request's CPU, issue 13).
	 * @param name the event log's name (already checked)
	 * @param body the JSON object with {@code record_number}, {@code timestamp}, {@code bookmark}
	 * @param prefix the JSON path of the object, such as {@code event_logs[2].}
	 * @param receivedAt the time to use when {@code timestamp} is absent
	 * @param problems where to add what is wrong
	 * @return the state, or {@code null} if a problem was added
	 */
	EventLogState parse(String name, JsonNode body, Supplier<String> prefix, OffsetDateTime receivedAt,
			List<FieldProblem> problems) {
		return parse(name, body.get("record_number"), body.get("timestamp"), body.get("bookmark"), prefix, receivedAt,
				problems);
	}

	/**
	 * Parse one position from its fields' values ({@code null} when absent).
	 * @param name the event log's name (already checked)
	 * @param recordNumberNode {@code record_number}
	 * @param timestampNode {@code timestamp}
	 * @param bookmarkNode {@code bookmark}
	 * @param prefix the JSON path of the object, such as {@code event_logs[2].}
	 * @param receivedAt the time to use when {@code timestamp} is absent
	 * @param problems where to add what is wrong
	 * @return the state, or {@code null} if a problem was added
	 */
	EventLogState parse(String name, JsonNode recordNumberNode, JsonNode timestampNode, JsonNode bookmarkNode,
			Supplier<String> prefix, OffsetDateTime receivedAt, List<FieldProblem> problems) {
		int before = problems.size();
		long recordNumber = recordNumber(recordNumberNode, prefix, problems);
		OffsetDateTime timestamp = timestamp(timestampNode, prefix, receivedAt, problems);
		String bookmark = bookmark(bookmarkNode, prefix, problems);
		return (problems.size() == before) ? new EventLogState(name, recordNumber, timestamp, bookmark) : null;
	}

	/**
	 * Parse the optional epoch of a position (issue 15): an unsigned 64-bit number like a record
	 * number, 0 when absent.
	 * @param node the {@code epoch} value, {@code null} when absent
	 * @param prefix the JSON path of the object
	 * @param problems where to add what is wrong
	 * @return the epoch
	 */
	static long epoch(JsonNode node, Supplier<String> prefix, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			return 0;
		}
		return unsigned(node, prefix.get() + "epoch", problems);
	}

	private static long recordNumber(JsonNode node, Supplier<String> prefix, List<FieldProblem> problems) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			problems.add(new FieldProblem(prefix.get() + "record_number", "is required"));
			return 0;
		}
		// The usual case: a JSON integer or a string of a few digits, no BigInteger needed.
		if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
			return node.longValue();
		}
		if (node.isString() && isShortDigits(node.stringValue())) {
			return Long.parseLong(node.stringValue());
		}
		return unsigned(node, prefix.get() + "record_number", problems);
	}

	private static long unsigned(JsonNode node, String field, List<FieldProblem> problems) {
		String digits;
		if (node.isIntegralNumber()) {
			digits = node.bigIntegerValue().toString();
		}
		else if (node.isNumber()) {
			problems.add(new FieldProblem(field, "must be a whole number"));
			return 0;
		}
		else if (node.isString()) {
			digits = node.stringValue();
		}
		else {
			problems.add(new FieldProblem(field, "must be a number or a decimal string"));
			return 0;
		}
		if (digits.isEmpty() || digits.length() > 40 || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			problems.add(new FieldProblem(field,
					(digits.startsWith("-") ? "must not be negative" : "must be decimal digits")
							+ " (0 to 18446744073709551615)"));
			return 0;
		}
		if (new BigInteger(digits).compareTo(MAX_RECORD_NUMBER) > 0) {
			problems.add(new FieldProblem(field, "must be at most 18446744073709551615"));
			return 0;
		}
		return Long.parseUnsignedLong(digits);
	}

	/** @return whether the text is 1 to 18 decimal digits, which always fit a {@code long} */
	private static boolean isShortDigits(String text) {
		if (text.isEmpty() || text.length() > 18) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static OffsetDateTime timestamp(JsonNode node, Supplier<String> prefix, OffsetDateTime receivedAt,
			List<FieldProblem> problems) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return receivedAt;
		}
		if (!node.isString()) {
			problems.add(new FieldProblem(prefix.get() + "timestamp", "must be an RFC 3339 time such as 2026-11-24T10:00:00.123456789Z"));
			return receivedAt;
		}
		try {
			OffsetDateTime time = RfcTime.parse(node.stringValue());
			if (time.getYear() < 1 || time.getYear() > 9999) {
				problems.add(new FieldProblem(prefix.get() + "timestamp", "must be between years 0001 and 9999"));
			}
			return time;
		}
		catch (DateTimeException ex) {
			problems.add(new FieldProblem(prefix.get() + "timestamp", "must be an RFC 3339 time such as 2026-11-24T10:00:00.123456789Z"));
			return receivedAt;
		}
	}

	private static String bookmark(JsonNode node, Supplier<String> prefix, List<FieldProblem> problems) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (!node.isString()) {
			problems.add(new FieldProblem(prefix.get() + "bookmark", "must be a string"));
			return null;
		}
		// PostgreSQL text cannot hold U+0000; one such bookmark would block every later flush.
		if (node.stringValue().indexOf('\u0000') >= 0) {
			problems.add(new FieldProblem(prefix.get() + "bookmark", "must not contain NUL characters"));
			return null;
		}
		return node.stringValue();
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	static OffsetDateTime now() {
		// Not OffsetDateTime.now(UTC): that builds the offset's ZoneRules again on every call.
		Instant now = Instant.now();
		return OffsetDateTime.of(LocalDateTime.ofEpochSecond(now.getEpochSecond(), now.getNano(), ZoneOffset.UTC),
				ZoneOffset.UTC);
	}

}
