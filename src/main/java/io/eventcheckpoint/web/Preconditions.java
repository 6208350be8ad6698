package io.eventcheckpoint.web;

import java.util.List;

import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

/**
 * Reads HTTP preconditions into versions (issue 15). A log's ETag is its version in quotes, a
 * strong validator: {@code "17"}. Anything else in {@code If-Match} (a weak or malformed tag, a
 * list, {@code *}) gets 400 rather than a guess, and {@code If-None-Match} takes only {@code *}
 * (create only).
 */
final class Preconditions {

	private Preconditions() {
	}

	/** @return the ETag of a log with this metadata */
	static String etag(LogMetadata metadata) {
		return "\"" + metadata.versionString() + "\"";
	}

	/**
	 * Parse {@code If-Match}.
	 * @param header the header's value, or {@code null}
	 * @return the version, or 0 without the header
	 */
	static long ifMatch(String header) {
		if (header == null) {
			return 0;
		}
		return version(header.strip(), HttpHeaders.IF_MATCH);
	}

	/**
	 * Parse {@code If-None-Match}.
	 * @param header the header's value, or {@code null}
	 * @return whether the write may only create the log
	 */
	static boolean ifNoneMatch(String header) {
		if (header == null) {
			return false;
		}
		if (!"*".equals(header.strip())) {
			throw new InvalidRequestException(HttpHeaders.IF_NONE_MATCH, "only * (create only) is supported");
		}
		return true;
	}

	/**
	 * Parse a batch entry's {@code if_match}: a version as a quoted ETag, digits or a JSON number.
	 * @return the version, or 0 when absent
	 */
	static long ifMatch(JsonNode node, String field, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			return 0;
		}
		try {
			if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() > 0) {
				return node.longValue();
			}
			if (node.isString()) {
				String text = node.stringValue();
				return version(text.startsWith("\"") ? text : "\"" + text + "\"", field);
			}
		}
		catch (InvalidRequestException ex) {
			// Reported below.
		}
		problems.add(new FieldProblem(field, "must be a version, such as the ETag \"17\""));
		return 0;
	}

	/**
	 * Parse a batch entry's {@code if_none_match}.
	 * @return whether the entry may only create its log
	 */
	static boolean ifNoneMatch(JsonNode node, String field, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			return false;
		}
		if ((node.isString() && "*".equals(node.stringValue())) || (node.isBoolean())) {
			return node.isBoolean() ? node.booleanValue() : true;
		}
		problems.add(new FieldProblem(field, "must be \"*\" or a boolean"));
		return false;
	}

	private static long version(String tag, String field) {
		if (tag.length() < 3 || tag.length() > 22 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
			throw new InvalidRequestException(field, "must be one strong ETag such as \"17\"");
		}
		String digits = tag.substring(1, tag.length() - 1);
		if (!digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new InvalidRequestException(field, "must be one strong ETag such as \"17\"");
		}
		try {
			long version = Long.parseUnsignedLong(digits);
			if (version == 0) {
				throw new InvalidRequestException(field, "must be one strong ETag such as \"17\"");
			}
			return version;
		}
		catch (NumberFormatException ex) {
			throw new InvalidRequestException(field, "must be one strong ETag such as \"17\"");
		}
	}

}
