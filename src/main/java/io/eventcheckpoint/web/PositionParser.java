package io.eventcheckpoint.web;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

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
		if (name == null || name.isEmpty()) {
			problems.add(new FieldProblem(field, "must not be empty"));
			return;
		}
		if (name.length() > this.maxNameLength) {
			problems.add(new FieldProblem(field, "must be at most " + this.maxNameLength + " characters"));
			return;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isISOControl(c)) {
				problems.add(new FieldProblem(field, "must not contain control characters"));
				return;
			}
			if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				problems.add(new FieldProblem(field, "must be well-formed Unicode"));
				return;
			}
		}
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
		int before = problems.size();
		long recordNumber = recordNumber(body.get("record_number"), prefix + "record_number", problems);
		OffsetDateTime timestamp = timestamp(body.get("timestamp"), prefix + "timestamp", receivedAt, problems);
		String bookmark = bookmark(body.get("bookmark"), prefix + "bookmark", problems);
		return (problems.size() == before) ? new EventLogState(name, recordNumber, timestamp, bookmark) : null;
	}

	/**
	 * Parse the optional epoch of a position (issue 15): an unsigned 64-bit number like a record
	 * number, 0 when absent.
	 * @param body the JSON object
	 * @param prefix the JSON path of the object
	 * @param problems where to add what is wrong
	 * @return the epoch
	 */
	static long epoch(JsonNode body, String prefix, List<FieldProblem> problems) {
		JsonNode node = body.get("epoch");
		if (node == null || node.isNull()) {
			return 0;
		}
		return unsigned(node, prefix + "epoch", problems);
	}

	private static long recordNumber(JsonNode node, String field, List<FieldProblem> problems) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			problems.add(new FieldProblem(field, "is required"));
			return 0;
		}
		return unsigned(node, field, problems);
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

	private static OffsetDateTime timestamp(JsonNode node, String field, OffsetDateTime receivedAt,
			List<FieldProblem> problems) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return receivedAt;
		}
		if (!node.isString()) {
			problems.add(new FieldProblem(field, "must be an RFC 3339 time such as 2026-11-24T10:00:00.123456789Z"));
			return receivedAt;
		}
		try {
			OffsetDateTime time = OffsetDateTime.parse(node.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			if (time.getYear() < 1 || time.getYear() > 9999) {
				problems.add(new FieldProblem(field, "must be between years 0001 and 9999"));
			}
			return time;
		}
		catch (DateTimeException ex) {
			problems.add(new FieldProblem(field, "must be an RFC 3339 time such as 2026-11-24T10:00:00.123456789Z"));
			return receivedAt;
		}
	}

	private static String bookmark(JsonNode node, String field, List<FieldProblem> problems) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (!node.isString()) {
			problems.add(new FieldProblem(field, "must be a string"));
			return null;
		}
		// PostgreSQL text cannot hold U+0000; one such bookmark would block every later flush.
		if (node.stringValue().indexOf('\u0000') >= 0) {
			problems.add(new FieldProblem(field, "must not contain NUL characters"));
			return null;
		}
		return node.stringValue();
	}

	static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
