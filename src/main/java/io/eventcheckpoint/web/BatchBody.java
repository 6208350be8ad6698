package io.eventcheckpoint.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /logs} as read, before any check: per entry only the four fields the
 * API knows, each as the JSON value it was ({@code null} when absent). Read by
 * {@link BatchBodyConverter} with a streaming parser, without a tree of every entry.
 *
 * @param logs the entries of {@code event_logs}, or {@code null} when the body is not an object
 * with an {@code event_logs} array
 */
record BatchBody(List<Entry> logs) {

	/**
	 * One entry of {@code event_logs}.
	 *
	 * @param object whether it is a JSON object (if not, the fields are all {@code null})
	 * @param name the {@code name} value
	 * @param recordNumber the {@code record_number} value
	 * @param timestamp the {@code timestamp} value
	 * @param bookmark the {@code bookmark} value
	 */
	record Entry(boolean object, JsonNode name, JsonNode recordNumber, JsonNode timestamp, JsonNode bookmark) {

		static final Entry NOT_AN_OBJECT = new Entry(false, null, null, null, null);

	}

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
		List<Entry> entries = new ArrayList<>(logs.size());
		for (JsonNode entry : logs) {
			entries.add(entry.isObject() ? new Entry(true, entry.get("name"), entry.get("record_number"),
					entry.get("timestamp"), entry.get("bookmark")) : Entry.NOT_AN_OBJECT);
		}
		return new BatchBody(entries);
	}

}
