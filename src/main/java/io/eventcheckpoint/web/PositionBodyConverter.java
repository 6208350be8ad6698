package io.eventcheckpoint.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.stereotype.Component;

/**
 * Reads {@code POST /logs} bodies into {@link BatchBody}, and {@code PUT /logs/{name}} bodies into
 * {@link PositionBody}, with Jackson's streaming parser (the
 * application's {@link JsonMapper}, so its limits and features apply). A tree of 1,000 entries
 * cost more than a third of a batch request (issue 13); this keeps only the known fields of each
 * entry. Malformed JSON is refused as before: {@link HttpMessageNotReadableException}, which
 * {@link ProblemDetailsAdvice} answers with 400 (or 413 for a body over the limit).
 */
@Component
class PositionBodyConverter extends AbstractHttpMessageConverter<Object> {

	// Any object or array: only its kind matters to the checks ("must be a string" and the like).
	private static final JsonNode STRUCTURE = JsonNodeFactory.instance.objectNode();

	private final JsonMapper mapper;

	PositionBodyConverter(JsonMapper mapper) {
		super(MediaType.APPLICATION_JSON);
		this.mapper = mapper;
	}

	@Override
	protected boolean supports(Class<?> type) {
		return BatchBody.class == type || PositionBody.class == type;
	}

	@Override
	protected boolean canWrite(MediaType mediaType) {
		return false;
	}

	@Override
	protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
		try (JsonParser parser = this.mapper.createParser(input.getBody())) {
			Object body = (type == PositionBody.class) ? readPosition(parser) : readRoot(parser);
			if (body == null) {
				throw new HttpMessageNotReadableException("No content to read", input);
			}
			if (this.mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) && parser.nextToken() != null) {
				throw new HttpMessageNotReadableException("JSON parse error: trailing content", input);
			}
			return body;
		}
		catch (JacksonException ex) {
			throw new HttpMessageNotReadableException("JSON parse error: " + ex.getOriginalMessage(), ex, input);
		}
	}

	private static PositionBody readPosition(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == null) {
			return null;
		}
		if (token != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return PositionBody.NOT_AN_OBJECT;
		}
		return readObject(parser);
	}

	private static BatchBody readRoot(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == null) {
			return null;
		}
		if (token != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return new BatchBody(null);
		}
		List<PositionBody> logs = null;
		boolean array = false;
		for (String field = parser.nextName(); field != null; field = parser.nextName()) {
			JsonToken value = parser.nextToken();
			if (field.equals("event_logs")) {
				// A repeated key: the last one counts, as in a tree.
				array = value == JsonToken.START_ARRAY;
				logs = array ? readEntries(parser) : null;
				if (!array) {
					parser.skipChildren();
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return new BatchBody(array ? logs : null);
	}

	private static List<PositionBody> readEntries(JsonParser parser) {
		List<PositionBody> entries = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			if (token != JsonToken.START_OBJECT) {
				parser.skipChildren();
				entries.add(PositionBody.NOT_AN_OBJECT);
				continue;
			}
			entries.add(readObject(parser));
		}
		return entries;
	}

	/** Reads an object's fields, the parser being at its start. */
	private static PositionBody readObject(JsonParser parser) {
		JsonNode name = null;
		JsonNode recordNumber = null;
		JsonNode timestamp = null;
		JsonNode bookmark = null;
		JsonNode epoch = null;
		JsonNode ifMatch = null;
		JsonNode ifNoneMatch = null;
		// A repeated key: the last one counts, as in a tree.
		for (String field = parser.nextName(); field != null; field = parser.nextName()) {
			parser.nextToken();
			switch (field) {
				case "name" -> name = value(parser);
				case "record_number" -> recordNumber = value(parser);
				case "timestamp" -> timestamp = value(parser);
				case "bookmark" -> bookmark = value(parser);
				case "epoch" -> epoch = value(parser);
				case "if_match" -> ifMatch = value(parser);
				case "if_none_match" -> ifNoneMatch = value(parser);
				default -> parser.skipChildren();
			}
		}
		return new PositionBody(true, name, recordNumber, timestamp, bookmark, epoch, ifMatch, ifNoneMatch);
	}

	private static JsonNode value(JsonParser parser) {
		return switch (parser.currentToken()) {
			case VALUE_STRING -> StringNode.valueOf(parser.getString());
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT -> IntNode.valueOf(parser.getIntValue());
				case LONG -> LongNode.valueOf(parser.getLongValue());
				default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
			};
			// Any fraction or exponent is refused ("must be a whole number"); its value does not matter.
			case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(0.5);
			case VALUE_TRUE -> BooleanNode.TRUE;
			case VALUE_FALSE -> BooleanNode.FALSE;
			case VALUE_NULL -> NullNode.instance;
			default -> {
				parser.skipChildren();
				yield STRUCTURE;
			}
		};
	}

	@Override
	protected void writeInternal(Object body, HttpOutputMessage output) throws HttpMessageNotWritableException {
		throw new HttpMessageNotWritableException("Request bodies are only read");
	}

}
