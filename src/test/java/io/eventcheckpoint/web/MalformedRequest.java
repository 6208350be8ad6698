package io.eventcheckpoint.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of malformed requests of many kinds; each must be refused with a 4xx and change nothing.
 *
 * @param method HTTP method
 * @param path raw path and query
 * @param body the body, or {@code null}
 * @param headers header names and values
 * @param expectProblem whether the answer must be problem details (Tomcat answers some URL errors
 * itself, before the application)
 * @param kind what is wrong, for the report
 */
record MalformedRequest(String method, String path, byte[] body, String[] headers, boolean expectProblem,
		String kind) {

	private static final String[] JSON = { "Content-Type", "application/json" };

	static List<MalformedRequest> all(String target) {
		List<MalformedRequest> cases = new ArrayList<>();
		String put = "/logs/" + target;
		List<String> badRecordNumbers = List.of("-1", "-9223372036854775808", "1.5", "1.0", "1e3", "-0.5",
				"18446744073709551616", "99999999999999999999999999", "\"\"", "\"abc\"", "\"-5\"", "\" 5\"", "\"5 \"",
				"\"0x10\"", "\"1e3\"", "\"18446744073709551616\"", "\"+5\"", "\"1_000\"", "true", "false", "null", "[]",
				"[1]", "{}", "{\"value\": 1}", "\"１２３\"");
		for (String recordNumber : badRecordNumbers) {
			cases.add(json("PUT", put, "{\"record_number\": " + recordNumber + "}", "record_number " + recordNumber));
			cases.add(json("POST", "/logs", "{\"event_logs\": [{\"name\": \"" + target + "\", \"record_number\": "
					+ recordNumber + "}]}", "batch record_number " + recordNumber));
		}
		List<String> badTimestamps = List.of("\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-24T10:00:00\"",
				"\"2026-11-24\"", "123", "true", "\"2026-11-24T25:00:00Z\"", "\"10000-01-01T00:00:00Z\"",
				"\"2026-11-24T10:00:00.1234567890Z\"", "\"\"", "{}", "[]", "\"2026-11-24 10:00:00Z\"",
				"\"2026-02-30T10:00:00Z\"", "\"2026-11-24T10:00:00+25:00\"");
		for (String timestamp : badTimestamps) {
			cases.add(json("PUT", put, "{\"record_number\": 1, \"timestamp\": " + timestamp + "}",
					"timestamp " + timestamp));
			cases.add(json("POST", "/logs", "{\"event_logs\": [{\"name\": \"" + target + "\", \"record_number\": 1, "
					+ "\"timestamp\": " + timestamp + "}]}", "batch timestamp " + timestamp));
		}
		for (String bookmark : List.of("5", "true", "{}", "[]", "\"a\\u0000b\"")) {
			cases.add(json("PUT", put, "{\"record_number\": 1, \"bookmark\": " + bookmark + "}",
					"bookmark " + bookmark));
		}
		for (String body : List.of("", "{", "{bad", "{\"record_number\": 1,}", "[]", "\"text\"", "42", "null",
				"{\"record_number\": 1}}", "{'record_number': 1}", "{\"record_number\": 01}", "{} {}", "{}")) {
			cases.add(json("PUT", put, body, "body " + body));
		}
		for (String body : List.of("{}", "{\"event_logs\": null}", "{\"event_logs\": {}}", "{\"event_logs\": []}",
				"[{\"name\": \"x\", \"record_number\": 1}]", "{\"event_logs\": [1]}",
				"{\"event_logs\": [{\"record_number\": 1}]}", "{\"event_logs\": [{\"name\": 5, \"record_number\": 1}]}",
				"{\"event_logs\": [{\"name\": \"\", \"record_number\": 1}]}",
				"{\"event_logs\": [{\"name\": \"a\\u0000b\", \"record_number\": 1}]}",
				"{\"event_logs\": [{\"name\": \"a\\nb\", \"record_number\": 1}]}",
				"{\"event_logs\": [{\"name\": \"\\ud800\", \"record_number\": 1}]}",
				"{\"event_logs\": [{\"name\": \"" + "n".repeat(1025) + "\", \"record_number\": 1}]}",
				"{\"event_logs\": [{\"name\": \"" + target + "\", \"record_number\": 1}, {\"name\": \"" + target
						+ "\", \"record_number\": 2}]}",
				"{\"event_logs\": [{\"name\": \"" + target + "-ok\", \"record_number\": 1}, {\"name\": \"" + target
						+ "-bad\", \"record_number\": -2}]}")) {
			cases.add(json("POST", "/logs", body, "batch body " + abbreviate(body)));
		}
		StringBuilder tooMany = new StringBuilder("{\"event_logs\": [");
		for (int i = 0; i <= 10_000; i++) {
			tooMany.append((i > 0) ? "," : "").append("{\"name\":\"many-").append(i).append("\",\"record_number\":1}");
		}
		cases.add(json("POST", "/logs", tooMany.append("]}").toString(), "batch over max-batch-size"));
		for (String name : List.of("%00", "a%0Ab", "a%0Db", "%1F", "a%7Fb", "a%09b", "n".repeat(1025),
				"%C2%85next-line")) {
			// Tomcat itself refuses an encoded NUL in a path, before the application sees it.
			boolean problem = !name.equals("%00");
			cases.add(new MalformedRequest("PUT", "/logs/" + name, "{\"record_number\": 1}".getBytes(StandardCharsets.UTF_8),
					JSON, problem, "name " + abbreviate(name)));
			cases.add(new MalformedRequest("GET", "/logs/" + name, null, new String[0], problem, "GET name " + name));
		}
		cases.add(json("PUT", "/logs/", "{\"record_number\": 1}", "empty name"));
		for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x", "application/yaml")) {
			cases.add(new MalformedRequest("PUT", put, "{\"record_number\": 1}".getBytes(StandardCharsets.UTF_8),
					new String[] { "Content-Type", type }, true, "content type " + type));
			cases.add(new MalformedRequest("POST", "/logs",
					"{\"event_logs\": []}".getBytes(StandardCharsets.UTF_8), new String[] { "Content-Type", type },
					true, "batch content type " + type));
		}
		cases.add(new MalformedRequest("PUT", put, "{\"record_number\": 1}".getBytes(StandardCharsets.UTF_8),
				new String[0], true, "no content type"));
		cases.add(new MalformedRequest("PUT", put, new byte[] { '{', '"', 'r', (byte) 0xC3, (byte) 0x28, '"', ':', '1',
				'}' }, JSON, true, "invalid UTF-8"));
		for (String durable : List.of("maybe", "2", "yes please")) {
			cases.add(json("PUT", put + "?durable=" + durable.replace(" ", "%20"), "{\"record_number\": 1}",
					"durable=" + durable));
		}
		cases.add(new MalformedRequest("PATCH", put, "{}".getBytes(StandardCharsets.UTF_8), JSON, true, "PATCH"));
		cases.add(new MalformedRequest("DELETE", "/logs", null, new String[0], true, "DELETE /logs"));
		cases.add(new MalformedRequest("PUT", "/logs", "{}".getBytes(StandardCharsets.UTF_8), JSON, true, "PUT /logs"));
		cases.add(new MalformedRequest("GET", "/logs", null, new String[] { "Accept", "text/html" }, true,
				"not acceptable"));
		cases.add(new MalformedRequest("PUT", put,
				("{\"record_number\": 1, \"bookmark\": \"" + "x".repeat(1_100_000) + "\"}")
					.getBytes(StandardCharsets.UTF_8),
				JSON, true, "body over 1 MiB"));
		return cases;
	}

	private static MalformedRequest json(String method, String path, String body, String kind) {
		return new MalformedRequest(method, path, body.getBytes(StandardCharsets.UTF_8), JSON, true, kind);
	}

	private static String abbreviate(String text) {
		return (text.length() > 60) ? text.substring(0, 60) + "..." : text;
	}

	@Override
	public String toString() {
		return this.method + " " + abbreviate(this.path) + " [" + this.kind + "]";
	}

}
