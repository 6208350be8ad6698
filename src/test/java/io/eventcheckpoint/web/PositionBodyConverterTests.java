package io.eventcheckpoint.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.eventcheckpoint.security.TokenScope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PositionBodyConverter}: a batch read with the streaming parser is accepted or
 * refused exactly as the same body read as a Jackson tree was.
 */
class PositionBodyConverterTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	private static final String GOOD = "{\"name\": \"a/b\", \"record_number\": 7, \"timestamp\": \"2024-05-01T08:00:00Z\"}";

	private static final List<String> BODIES = List.of("{\"event_logs\": [" + GOOD + "]}",
			"{\"x\": {\"event_logs\": 1}, \"event_logs\": [" + GOOD + ", {\"name\": \"b\", \"record_number\": \"18446744073709551615\", "
					+ "\"bookmark\": \"<x/>\", \"extra\": [1, {\"a\": null}]}]}",
			"{\"event_logs\": [" + GOOD + "], \"event_logs\": 5}", "{\"event_logs\": 5, \"event_logs\": [" + GOOD + "]}",
			"{\"event_logs\": []}", "{}", "[]", "null", "5", "\"x\"", "{\"event_logs\": null}",
			"{\"event_logs\": [1, null, [], \"x\", {}]}",
			"{\"event_logs\": [{\"name\": 5, \"record_number\": 1}, {\"name\": null, \"record_number\": 1}, "
					+ "{\"name\": \"\", \"record_number\": 1}, {\"name\": {}, \"record_number\": 1}]}",
			"{\"event_logs\": [{\"name\": \"a\", \"record_number\": 1.5}, {\"name\": \"b\", \"record_number\": -1}, "
					+ "{\"name\": \"c\", \"record_number\": 18446744073709551616}, {\"name\": \"d\", \"record_number\": true}, "
					+ "{\"name\": \"e\", \"record_number\": [1]}, {\"name\": \"f\"}, {\"name\": \"g\", \"record_number\": 1e3}, "
					+ "{\"name\": \"h\", \"record_number\": \"-1\"}, {\"name\": \"i\", \"record_number\": \"\"}, "
					+ "{\"name\": \"j\", \"record_number\": \"0099\"}, {\"name\": \"k\", \"record_number\": 9223372036854775808}]}",
			"{\"event_logs\": [{\"name\": \"a\", \"record_number\": 1, \"timestamp\": 5}, "
					+ "{\"name\": \"b\", \"record_number\": 1, \"timestamp\": \"yesterday\"}, "
					+ "{\"name\": \"c\", \"record_number\": 1, \"timestamp\": null, \"bookmark\": 3}, "
					+ "{\"name\": \"d\", \"record_number\": 1, \"bookmark\": \"a\\u0000b\"}, "
					+ "{\"name\": \"d\", \"record_number\": 1, \"record_number\": 2}]}",
			"{\"event_logs\": [" + GOOD + ", " + GOOD + "]}",
			"{\"event_logs\": [{\"name\": \"a\", \"record_number\": 1, \"epoch\": 3, \"if_match\": 2, \"if_none_match\": true}, "
					+ "{\"name\": \"b\", \"record_number\": 1, \"epoch\": -1, \"if_match\": \"x\", \"if_none_match\": 5}, "
					+ "{\"name\": \"c\", \"record_number\": 1, \"epoch\": \"7\", \"if_match\": null, \"if_none_match\": \"*\"}]}");

	private static final List<String> MALFORMED = List.of("", "   ", "{", "{\"event_logs\": [}", "{\"event_logs\": [1,]}",
			"{\"event_logs\": []} x", "{\"event_logs\": []} {}", "{'event_logs': []}", "{\"event_logs\": [NaN]}");

	private final BatchParser parser = new BatchParser(new PositionParser(1024), 10);

	private final PositionBodyConverter converter = new PositionBodyConverter(mapper);

	@Test
	void readShouldGiveTheSameOutcomeAsATree() throws Exception {
		for (String body : BODIES) {
			assertThat(outcome(() -> this.parser.parse(BatchBody.of(mapper.readTree(body)), TokenScope.current(), NOW)))
				.as(body)
				.isEqualTo(outcome(() -> this.parser.parse(read(body), TokenScope.current(), NOW)));
		}
	}

	@Test
	void readPositionShouldGiveTheSameOutcomeAsATree() throws Exception {
		List<String> bodies = List.of(GOOD, "{\"record_number\": \"12\", \"bookmark\": \"<b/>\", \"x\": {\"y\": [1]}}",
				"{\"record_number\": 1.5}", "{\"record_number\": -3}", "{\"timestamp\": \"2024-05-01T08:00:00Z\"}",
				"{\"record_number\": 1, \"record_number\": {}}", "{\"record_number\": 2, \"timestamp\": []}", "[]", "5",
				"null", "\"x\"");
		PositionParser positions = new PositionParser(1024);
		for (String body : bodies) {
			PositionBody tree = PositionBody.of(mapper.readTree(body));
			PositionBody streamed = (PositionBody) read(PositionBody.class, body);
			assertThat(streamed.object()).as(body).isEqualTo(tree.object());
			assertThat(outcome(() -> position(positions, streamed))).as(body)
				.isEqualTo(outcome(() -> position(positions, tree)));
		}
	}

	private static Object position(PositionParser positions, PositionBody body) {
		List<InvalidRequestException.FieldProblem> problems = new java.util.ArrayList<>();
		Object state = positions.parse("a", body.recordNumber(), body.timestamp(), body.bookmark(), () -> "", NOW,
				problems);
		return problems.isEmpty() ? state : problems;
	}

	@Test
	void readWhenMalformedShouldRefuseTheBody() {
		for (String body : MALFORMED) {
			assertThat(outcome(() -> read(body))).as(body).startsWith("not readable");
			assertThat(outcome(() -> read(PositionBody.class, body))).as(body).startsWith("not readable");
		}
	}

	private BatchBody read(String body) throws Exception {
		return (BatchBody) read(BatchBody.class, body);
	}

	private Object read(Class<?> type, String body) throws Exception {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.converter.read(type, new HttpInputMessage() {

			@Override
			public java.io.InputStream getBody() {
				return new ByteArrayInputStream(bytes);
			}

			@Override
			public HttpHeaders getHeaders() {
				return new HttpHeaders();
			}

		});
	}

	private static String outcome(Call call) {
		try {
			return String.valueOf(call.run());
		}
		catch (InvalidRequestException ex) {
			return "invalid " + ex.problems();
		}
		catch (OutOfScopeException ex) {
			return "out of scope " + ex.problems();
		}
		catch (HttpMessageNotReadableException ex) {
			return "not readable";
		}
		catch (Exception ex) {
			return "other " + ex;
		}
	}

	private interface Call {

		Object run() throws Exception;

	}

}
