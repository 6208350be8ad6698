package io.eventcheckpoint.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /logs} as read, before any check: per entry only the fields the
 * API knows ({@link PositionBody}). Read by
 * {@link PositionBodyConverter} with a streaming parser, without a tree of every entry.
 *
 * @param logs the entries of {@code event_logs}, or {@code null} when the body is not an object
 * with an {@code event_logs} array
 */
record BatchBody(List<PositionBody> logs) {

	/**
	 * The same view of a body already read as a tree.
	 * @param body the body
	 * @return its entries
	 */
	static BatchBody of(JsonNode body) {
		JsonNode logs = body.isObject() ? body.get("event_logs") : null;
		if (logs == null || !logs.isArray()) {
			return new BatchBody(null);
		}
		List<PositionBody> entries = new ArrayList<>(logs.size());
		for (JsonNode entry : logs) {
			entries.add(PositionBody.of(entry));
		}
		return new BatchBody(entries);
	}

}
