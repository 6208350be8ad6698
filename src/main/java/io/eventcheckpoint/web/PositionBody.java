package io.eventcheckpoint.web;

import tools.jackson.databind.JsonNode;

/**
 * One position as read, before any check: the body of {@code PUT /logs/{name}} or an entry of
 * {@code POST /logs}, with each field the API knows as the JSON value it was ({@code null} when
 * absent) and nothing else. Read by {@link PositionBodyConverter} with a streaming parser.
 *
 * @param object whether it is a JSON object (if not, the fields are all {@code null})
 * @param name the {@code name} value (only batch entries use it)
 * @param recordNumber the {@code record_number} value
 * @param timestamp the {@code timestamp} value
 * @param bookmark the {@code bookmark} value
 * @param epoch the {@code epoch} value (issue 15)
 * @param ifMatch the {@code if_match} value (only batch entries use it; a PUT has the header)
 * @param ifNoneMatch the {@code if_none_match} value (likewise)
 */
record PositionBody(boolean object, JsonNode name, JsonNode recordNumber, JsonNode timestamp, JsonNode bookmark,
		JsonNode epoch, JsonNode ifMatch, JsonNode ifNoneMatch) {

	static final PositionBody NOT_AN_OBJECT = new PositionBody(false, null, null, null, null, null, null, null);

	/**
	 * The same view of a position already read as a tree.
	 * @param node the position
	 * @return its fields
	 */
	static PositionBody of(JsonNode node) {
		return node.isObject() ? new PositionBody(true, node.get("name"), node.get("record_number"),
				node.get("timestamp"), node.get("bookmark"), node.get("epoch"), node.get("if_match"),
				node.get("if_none_match")) : NOT_AN_OBJECT;
	}

}
