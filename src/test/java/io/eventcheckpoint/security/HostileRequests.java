package io.eventcheckpoint.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile HTTP requests from a seeded {@link Random}: names, paths, bodies and headers
 * mixing valid values with YAML/JSON-special characters, control characters, random Unicode, random
 * bytes, huge numbers, wrong types, broken encodings and random {@code Authorization} headers. The
 * same seed gives the same requests.
 */
final class HostileRequests {

	/** Who a request claims to be. */
	enum Caller {

		NONE(null, false, null), ADMIN(SecuredServer.ADMIN, true, null),
		COLLECTOR_A(SecuredServer.COLLECTOR_A, true, "host-a/"), READER(SecuredServer.READER, false, null),
		READER_A(SecuredServer.READER_A, false, "host-a/"), INVALID(null, false, null);

		final String secret;

		final boolean writes;

		final String prefix;

		Caller(String secret, boolean writes, String prefix) {
			this.secret = secret;
			this.writes = writes;
			this.prefix = prefix;
		}

		boolean authenticated() {
			return this.secret != null;
		}

	}

	/**
	 * One generated request.
	 *
	 * @param method the method
	 * @param target the request target as sent
	 * @param caller who it claims to be
	 * @param bytes the whole request
	 * @param garbage whether the request is not HTTP at all (the server may close without answering)
	 */
	record Request(String method, String target, Caller caller, byte[] bytes, boolean garbage) {

		boolean sends(String header) {
			return new String(this.bytes, StandardCharsets.ISO_8859_1).contains("\r\n" + header + ":");
		}

		boolean isListing() {
			return this.method.equals("GET") && (this.target.equals("/logs") || this.target.startsWith("/logs?"));
		}

		@Override
		public String toString() {
			String text = new String(this.bytes, StandardCharsets.ISO_8859_1);
			StringBuilder out = new StringBuilder("caller=" + this.caller + " ");
			for (char c : (text.length() > 600 ? text.substring(0, 600) + "..." : text).toCharArray()) {
				out.append((c < 0x20 || c > 0x7e) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
			}
			return out.toString();
		}

	}

	private static final String[] FRAGMENTS = { "..", ".", "/", "//", "%", "%25", "%2F", "%2e", ";", "\\", ":", ": ",
			" ", "#", "'", "\"", "-", "- ", "?", "&", "*", "!", "|", ">", "@", "`", "{", "}", "[", "]", ",", "~", "=",
			"+", "\u2028", "\u2029", "\u0000", "\n", "\r", "\t", "\u007f", "\u0085", "\u00a0", "\ufeff", "\ufffe",
			"\ud83d\ude00", "\u65e5\u672c", "\u00e9", "\ud800", "\udc00", "yes", "no", "null", "~", "0x1F", "1e3",
			"etc/passwd", "../../etc/passwd", "C:\\Windows\\System32\\winevt\\Logs\\Security.evtx", "${jndi:ldap://x/a}",
			"<script>", "' OR 1=1 --", "host-a/", "host-b/", "Security", "Microsoft-Windows-Sysmon/Operational",
			"%00", "%0A", "%C0%AF", "\u202e", "\u0301" };

	private static final String[] CONTENT_TYPES = { "application/json; charset=UTF-8",
			"application/json;charset=utf-16", "application/json;charset=ISO-8859-1", "text/plain",
			"application/yaml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "",
			"application/*", "*/*", "application/json;;;", "json", "application/problem+json", "application/xml" };

	private static final String[] ACCEPTS = { "application/yaml", "application/json", "text/html", "*/*",
			"application/json;q=abc", "a/b/c", "application/x-yaml, application/json;q=0.1", "", "text/yaml;q=0" };

	private static final String[] SPECIAL_PATHS = { "/", "/error", "/actuator", "/actuator/", "/actuator/env",
			"/actuator/health", "/actuator/health/liveness", "/actuator/info", "/actuator/prometheus",
			"/actuator/heapdump", "/actuator/loggers/ROOT", "/v3/api-docs", "/swagger-ui/index.html",
			"/logs/../actuator/env", "/logs/%2e%2e/actuator/env", "/logs/..%2F..%2Factuator%2Fenv", "//logs",
			"/logs;jsessionid=x/a", "/LOGS/a", "/logs/", "/logs//", "/logs/a/..", "/./logs", "/logs?prefix=",
			"/logs/%", "/logs/%%", "/logs/%ZZ", "/logs/%C3", "/logs/%C3%28", "/logs/%FF%FE", "/logs/%ED%A0%80",
			"*", "http://evil.example/logs", "/logs#fragment", "/logs/\u00e9" };

	private final Random random;

	private final List<String> recent = new ArrayList<>();

	HostileRequests(Random random) {
		this.random = random;
	}

	Request next() {
		if (chance(2)) {
			return garbage();
		}
		if (chance(35)) {
			return plausible();
		}
		String method = method();
		Caller caller = Caller.values()[this.random.nextInt(Caller.values().length)];
		String target = target();
		byte[] body = body(method);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, method + " ");
		writeTarget(out, target);
		write(out, " HTTP/1.1\r\n");
		if (!chance(3)) {
			write(out, "Host: " + (chance(3) ? pick("\u00e9vil", "a b", "localhost:99999", "", "[::1") : "localhost")
					+ "\r\n");
		}
		authorization(out, caller);
		if (body != null || chance(10)) {
			if (!chance(10)) {
				write(out, "Content-Type: " + (chance(30) ? pick(CONTENT_TYPES) : "application/json") + "\r\n");
			}
		}
		if (chance(25)) {
			write(out, "Accept: " + pick(ACCEPTS) + "\r\n");
		}
		while (chance(15)) {
			randomHeader(out);
		}
		if (chance(2)) {
			write(out, "Expect: 100-continue\r\n");
		}
		write(out, "Connection: close\r\n");
		byte[] content = (body != null) ? body : new byte[0];
		if (chance(4) && content.length > 0) {
			write(out, "Transfer-Encoding: chunked\r\n\r\n");
			int at = 0;
			while (at < content.length) {
				int size = Math.min(content.length - at, 1 + this.random.nextInt(64));
				write(out, Integer.toHexString(size) + "\r\n");
				out.write(content, at, size);
				write(out, "\r\n");
				at += size;
			}
			write(out, "0\r\n\r\n");
		}
		else {
			if (chance(2)) {
				write(out, "Content-Length: " + pick("-1", "abc", "1, 2", "99999999999999999999") + "\r\n");
			}
			else if (content.length > 0 || chance(20)) {
				write(out, "Content-Length: " + content.length + "\r\n");
			}
			write(out, "\r\n");
			out.write(content, 0, content.length);
		}
		return new Request(method, target, caller, out.toByteArray(), false);
	}

	/**
	 * A well-formed request with a valid name and body, from a random caller: these reach the
	 * authorization and scope checks and, for the right token, succeed.
	 */
	private Request plausible() {
		String method = pick("GET", "GET", "PUT", "PUT", "PUT", "POST", "POST", "DELETE");
		Caller caller = Caller.values()[this.random.nextInt(Caller.values().length)];
		String target;
		String body = null;
		if (method.equals("POST")) {
			target = "/logs" + (chance(5) ? "?durable=true" : "");
			StringBuilder batch = new StringBuilder("{\"event_logs\": [");
			List<String> names = new ArrayList<>();
			int size = 1 + this.random.nextInt(5);
			for (int i = 0; i < size; i++) {
				String name = validName();
				if (!names.contains(name)) {
					names.add(name);
					batch.append(names.size() > 1 ? "," : "")
						.append("{\"name\": ")
						.append(jsonString(name, true))
						.append(", \"record_number\": ")
						.append(Long.toUnsignedString(this.random.nextLong()))
						.append('}');
				}
			}
			body = batch.append("]}").toString();
		}
		else if (method.equals("GET") && chance(30)) {
			target = "/logs" + pick("", "?prefix=host-a%2F", "?prefix=host-b/", "?prefix=" + encode(validName(), false));
		}
		else {
			target = "/logs/" + encode(validName(), chance(50)) + (chance(5) ? "?durable=true" : "");
			if (method.equals("PUT")) {
				body = "{\"record_number\": " + this.random.nextInt(1000) + (chance(30) ? ", \"timestamp\": "
						+ "\"2026-11-24T10:00:00.123456789+05:30\"" : "") + "}";
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
		authorization(out, caller);
		if (chance(10)) {
			write(out, "Accept: " + pick("application/json", "application/yaml", "*/*") + "\r\n");
		}
		write(out, "Connection: close\r\n");
		if (body != null) {
			byte[] content = body.getBytes(StandardCharsets.UTF_8);
			write(out, "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n");
			out.write(content, 0, content.length);
		}
		else {
			write(out, "\r\n");
		}
		return new Request(method, target, caller, out.toByteArray(), false);
	}

	/** A name the API accepts: no control characters, well-formed Unicode, at most 1024 characters. */
	private String validName() {
		if (!this.recent.isEmpty() && chance(40)) {
			// Names used before, so reads and deletes find something.
			return this.recent.get(this.random.nextInt(this.recent.size()));
		}
		String name = newValidName();
		if (this.recent.size() < 64) {
			this.recent.add(name);
		}
		else {
			this.recent.set(this.random.nextInt(64), name);
		}
		return name;
	}

	private String newValidName() {
		String prefix = pick("host-a/", "host-a/", "host-b/", "");
		if (chance(60)) {
			return prefix + word();
		}
		StringBuilder name = new StringBuilder(prefix);
		int length = 1 + this.random.nextInt(15);
		for (int i = 0; i < length; i++) {
			int n = this.random.nextInt(100);
			if (n < 50) {
				name.append((char) (0x20 + this.random.nextInt(0x5f)));
			}
			else if (n < 60) {
				name.append((char) (0xa0 + this.random.nextInt(0x60)));
			}
			else if (n < 80) {
				name.append((char) (0x4e00 + this.random.nextInt(0x5000)));
			}
			else if (n < 90) {
				name.appendCodePoint(0x1f300 + this.random.nextInt(0x300));
			}
			else {
				name.append(pick(":", ": ", "#", "'", "\"", "- ", "?", "\\", "%", ";", "/", "//"));
			}
		}
		return name.toString();
	}

	private Request garbage() {
		byte[] bytes = new byte[1 + this.random.nextInt(200)];
		this.random.nextBytes(bytes);
		if (chance(50)) {
			// Almost HTTP.
			String text = pick("GET", "PUT", "POST") + " /logs/" + this.random.nextInt() + " HTTP/" + pick("1.1", "2",
					"0.9", "1.1x", "") + pick("\r\n", "\n", "") + "Host: x\r\n\r\n";
			bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		}
		return new Request("?", "?", Caller.NONE, bytes, true);
	}

	private String method() {
		int n = this.random.nextInt(100);
		if (n < 30) {
			return "GET";
		}
		if (n < 60) {
			return "PUT";
		}
		if (n < 78) {
			return "POST";
		}
		if (n < 88) {
			return "DELETE";
		}
		return pick("HEAD", "OPTIONS", "PATCH", "TRACE", "FOO", "get", "CONNECT", "PROPFIND", "M-SEARCH");
	}

	private String target() {
		int n = this.random.nextInt(100);
		if (n < 6) {
			return pick(SPECIAL_PATHS);
		}
		if (n < 22) {
			return "/logs" + query();
		}
		return "/logs/" + path(name()) + query();
	}

	private String query() {
		int n = this.random.nextInt(100);
		if (n < 65) {
			return "";
		}
		if (n < 75) {
			return "?durable=true";
		}
		if (n < 80) {
			return "?durable=" + encode(name(), false);
		}
		if (n < 93) {
			return "?prefix=" + (chance(50) ? pick("host-a/", "host-b/", "host-a%2F", "") : encode(name(), false));
		}
		return pick("?%%", "?prefix=%ZZ", "?a=b&a=c", "?prefix", "?durable=true&durable=false", "?=", "?&&&",
				"?prefix=%00", "?prefix=%0A", "?durable=%F0%9F%98%80");
	}

	/** A log name, often but not always valid. */
	String name() {
		int n = this.random.nextInt(100);
		if (n < 20) {
			return "host-a/" + word();
		}
		if (n < 30) {
			return "host-b/" + word();
		}
		if (n < 50) {
			StringBuilder name = new StringBuilder(chance(50) ? "host-a/" : "");
			int parts = 1 + this.random.nextInt(5);
			for (int i = 0; i < parts; i++) {
				name.append(chance(50) ? pick(FRAGMENTS) : word());
			}
			return name.toString();
		}
		if (n < 68) {
			return unicode(1 + this.random.nextInt(30));
		}
		if (n < 73) {
			// Around the 1024-character limit, or far beyond it.
			return chance(80) ? "host-a/" + "n".repeat(1015 + this.random.nextInt(5)) : "x".repeat(5000);
		}
		return word();
	}

	private String word() {
		String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
		StringBuilder word = new StringBuilder();
		int length = 1 + this.random.nextInt(12);
		for (int i = 0; i < length; i++) {
			word.append(letters.charAt(this.random.nextInt(letters.length())));
		}
		return word.toString();
	}

	private String unicode(int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int n = this.random.nextInt(100);
			if (n < 40) {
				text.append((char) (0x20 + this.random.nextInt(0x5f)));
			}
			else if (n < 50) {
				text.append((char) this.random.nextInt(0x100));
			}
			else if (n < 85) {
				// Any BMP unit: unassigned code points and lone surrogates too.
				text.append((char) this.random.nextInt(0x10000));
			}
			else {
				text.appendCodePoint(0x10000 + this.random.nextInt(0x100000));
			}
		}
		return text.toString();
	}

	/** The name as a path: mostly percent-encoded, sometimes raw or broken. */
	private String path(String name) {
		int n = this.random.nextInt(100);
		if (n < 65) {
			return encode(name, chance(50));
		}
		if (n < 80) {
			// Partly raw: the request line carries the characters' bytes as they are.
			StringBuilder path = new StringBuilder();
			for (int i = 0; i < name.length(); i++) {
				String c = name.substring(i, i + 1);
				path.append(chance(60) ? c : encode(c, false));
			}
			return path.toString();
		}
		if (n < 90) {
			String encoded = encode(name, false);
			int at = this.random.nextInt(encoded.length() + 1);
			return encoded.substring(0, at) + pick("%", "%Z1", "%4", "%%", "%2", "%u0041", "%C3", "%E2%82")
					+ encoded.substring(at);
		}
		StringBuilder path = new StringBuilder();
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			// Every byte encoded, hex in either case.
			String hex = String.format("%02X", b & 0xff);
			path.append('%').append(chance(50) ? hex : hex.toLowerCase());
		}
		return path.toString();
	}

	private static String encode(String text, boolean rawSlash) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~' || (rawSlash && c == '/')) {
				out.append(c);
			}
			else {
				out.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return out.toString();
	}

	private void authorization(ByteArrayOutputStream out, Caller caller) {
		if (caller == Caller.NONE) {
			return;
		}
		if (caller != Caller.INVALID) {
			write(out, "Authorization: " + (chance(5) ? "bearer " : "Bearer ") + caller.secret + "\r\n");
			if (chance(2)) {
				write(out, "Authorization: Bearer another-token-0123456789\r\n");
			}
			return;
		}
		byte[] noise = new byte[1 + this.random.nextInt(40)];
		this.random.nextBytes(noise);
		String value = switch (this.random.nextInt(9)) {
			case 0 -> "Bearer " + word() + word();
			case 1 -> "Basic " + Base64.getEncoder().encodeToString(("admin:" + word()).getBytes(StandardCharsets.UTF_8));
			case 2 -> pick("Bearer", "Bearer ", "Bearer  ", "bearer", "Bearer\t" + SecuredServer.ADMIN);
			case 3 -> "Bearer " + SecuredServer.ADMIN + pick("x", " x", "\u00e9", "=");
			case 4 -> "Bearer " + SecuredServer.COLLECTOR_A_SHA256;
			case 5 -> "Bearer " + HexFormat.of().formatHex(noise);
			case 6 -> "Bearer " + unicode(10);
			case 7 -> SecuredServer.ADMIN;
			default -> "Bearer " + new String(noise, StandardCharsets.ISO_8859_1).replace('\r', ' ').replace('\n', ' ');
		};
		write(out, "Authorization: " + value + "\r\n");
	}

	private void randomHeader(ByteArrayOutputStream out) {
		byte[] value = new byte[this.random.nextInt(60)];
		this.random.nextBytes(value);
		for (int i = 0; i < value.length; i++) {
			if (value[i] == '\r' || value[i] == '\n') {
				value[i] = ' ';
			}
		}
		String name = chance(70) ? "X-" + word() : pick("Cookie", "Origin", "Referer", "X-Forwarded-For",
				"X-Forwarded-Host", "X-Forwarded-Proto", "X-HTTP-Method-Override", "Range", "If-None-Match",
				"Transfer-Encoding", "Content-Encoding", "Accept-Charset", "X-Original-URL", "X-Rewrite-URL", "Bad Name",
				"\u00e9");
		write(out, name + ": ");
		out.write(value, 0, value.length);
		write(out, chance(3) ? "\r\nX-Injected: 1\r\n" : "\r\n");
	}

	private byte[] body(String method) {
		boolean wantsBody = method.equals("PUT") || method.equals("POST") || method.equals("PATCH");
		if (!wantsBody && !chance(10)) {
			return null;
		}
		int n = this.random.nextInt(100);
		String json;
		if (method.equals("POST") && n < 60) {
			json = batch();
		}
		else if (n < 55) {
			json = position(true);
		}
		else if (n < 75) {
			json = jsonValue(0);
		}
		else if (n < 83) {
			byte[] bytes = new byte[this.random.nextInt(300)];
			this.random.nextBytes(bytes);
			return bytes;
		}
		else if (n < 87) {
			int depth = 400 + this.random.nextInt(800);
			json = chance(50) ? "[".repeat(depth) + "]".repeat(depth)
					: "{\"record_number\": " + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
		}
		else if (n < 91) {
			json = "{\"record_number\": " + "9".repeat(900 + this.random.nextInt(2000)) + "}";
		}
		else if (n < 95) {
			json = pick("", " ", "null", "{}", "[]", "\"\"", "{\"record_number\": 1}{}", "\ufeff{\"record_number\": 1}");
		}
		else {
			// A valid position with invalid UTF-8 inside a string.
			byte[] head = "{\"record_number\": 1, \"bookmark\": \"".getBytes(StandardCharsets.UTF_8);
			byte[] bad = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80 };
			byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(head, 0, head.length);
			out.write(bad, 0, 1 + this.random.nextInt(bad.length));
			out.write(tail, 0, tail.length);
			return out.toByteArray();
		}
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private String batch() {
		int size = chance(5) ? 0 : 1 + this.random.nextInt(12);
		List<String> entries = new ArrayList<>();
		String repeated = null;
		for (int i = 0; i < size; i++) {
			String name = (repeated != null && chance(10)) ? repeated : name();
			repeated = name;
			String entry = position(false);
			String nameField = chance(5) ? pick("5", "null", "[]", "{}", "true") : jsonString(name);
			entries.add(chance(3) ? jsonValue(1) : "{\"name\": " + nameField + (entry.equals("{}") ? "" : ", ")
					+ entry.substring(1));
		}
		String list = "[" + String.join(",", entries) + "]";
		return chance(5) ? pick("{\"event_logs\": null}", "{\"event_logs\": {}}", "{\"eventlogs\": []}", list)
				: "{\"event_logs\": " + list + "}";
	}

	private String position(boolean alone) {
		List<String> fields = new ArrayList<>();
		if (!chance(5)) {
			fields.add("\"record_number\": " + recordNumber());
		}
		if (chance(40)) {
			fields.add("\"timestamp\": " + timestamp());
		}
		if (chance(20)) {
			fields.add("\"bookmark\": " + (chance(80) ? jsonString(unicode(this.random.nextInt(50))) : jsonValue(1)));
		}
		if (chance(10)) {
			fields.add(jsonString(unicode(5)) + ": " + jsonValue(1));
		}
		if (alone && chance(5)) {
			fields.add("\"name\": " + jsonString(name()));
		}
		return "{" + String.join(", ", fields) + "}";
	}

	private String recordNumber() {
		int n = this.random.nextInt(100);
		if (n < 40) {
			return Long.toString(this.random.nextInt(1_000_000));
		}
		if (n < 55) {
			String unsigned = Long.toUnsignedString(this.random.nextLong());
			return chance(50) ? unsigned : "\"" + unsigned + "\"";
		}
		return pick("18446744073709551615", "\"18446744073709551615\"", "18446744073709551616", "-1", "-0", "0",
				"1.5", "1e3", "1E400", "\"abc\"", "true", "null", "[]", "{}", "\"0x10\"", "\" 5\"", "\"\"",
				"99999999999999999999999999999999999999", "\"\uff11\"", "NaN", "Infinity", "0777", "+5", "--1");
	}

	private String timestamp() {
		return pick("\"2026-11-24T10:00:00.123456789+05:30\"", "\"2017-12-05T15:16:31.1188124Z\"",
				"\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999999999Z\"", "\"0000-01-01T00:00:00Z\"",
				"\"10000-01-01T00:00:00Z\"", "\"yesterday\"", "\"2026-02-30T10:00:00Z\"", "123", "true", "null",
				"{}", "\"2026-11-24T10:00:00+25:00\"", jsonString(unicode(10)));
	}

	private String jsonValue(int depth) {
		int n = this.random.nextInt((depth > 4) ? 6 : 9);
		return switch (n) {
			case 0 -> Long.toString(this.random.nextLong());
			case 1 -> this.random.nextDouble() + "e" + (this.random.nextInt(800) - 400);
			case 2 -> jsonString(unicode(this.random.nextInt(20)));
			case 3 -> pick("true", "false", "null");
			case 4 -> "\"" + pick(FRAGMENTS).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
			case 5 -> pick("{", "[", "\"unterminated", "tru", "01", "1.", ".5", "'single'", "{\"a\" 1}", "[1,]", "}");
			case 6, 7 -> {
				StringBuilder object = new StringBuilder("{");
				int fields = this.random.nextInt(4);
				for (int i = 0; i < fields; i++) {
					object.append((i > 0) ? "," : "")
						.append(chance(50) ? pick("\"record_number\"", "\"name\"", "\"timestamp\"", "\"event_logs\"")
								: jsonString(word()))
						.append(':')
						.append(jsonValue(depth + 1));
				}
				yield object.append('}').toString();
			}
			default -> {
				StringBuilder array = new StringBuilder("[");
				int items = this.random.nextInt(4);
				for (int i = 0; i < items; i++) {
					array.append((i > 0) ? "," : "").append(jsonValue(depth + 1));
				}
				yield array.append(']').toString();
			}
		};
	}

	/** A JSON string; sometimes with raw control characters, which JSON forbids. */
	private String jsonString(String text) {
		return jsonString(text, !chance(5));
	}

	private String jsonString(String text, boolean strict) {
		StringBuilder out = new StringBuilder("\"");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 && strict) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else if (Character.isSurrogate(c) && chance(50)) {
				// Escaped, so a lone surrogate reaches the parser as one.
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	private void writeTarget(ByteArrayOutputStream out, String target) {
		// Characters above U+00FF go out as UTF-8; the rest as single bytes, so raw bytes happen too.
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c <= 0xff) {
				out.write(c);
			}
			else {
				int end = (Character.isHighSurrogate(c) && i + 1 < target.length()) ? i + 2 : i + 1;
				byte[] bytes = target.substring(i, end).getBytes(StandardCharsets.UTF_8);
				out.write(bytes, 0, bytes.length);
				i = end - 1;
			}
		}
	}

	private static void write(ByteArrayOutputStream out, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.write(bytes, 0, bytes.length);
	}

	private boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	@SafeVarargs
	private <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

}
