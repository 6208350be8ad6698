package io.eventcheckpoint.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends bytes exactly as given over a new connection and reads the whole answer: for requests no
 * well-behaved client would send (raw bytes in the request line, broken headers, invalid UTF-8).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Send one request and read until the server closes the connection.
	 * @param port the server's port
	 * @param request the request's bytes, which should ask for {@code Connection: close}
	 * @return the answer; status -1 if the server closed without answering, 0 for an HTTP/0.9
	 * answer (a body without status line)
	 */
	public static Response exchange(int port, byte[] request) {
		boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1)
			.equals("HEAD ");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request);
				out.flush();
			}
			catch (IOException ex) {
				// The server may answer and close before reading everything; read what it said.
			}
			byte[] answer;
			try {
				answer = readAll(socket.getInputStream(), head);
			}
			catch (IOException ex) {
				answer = new byte[0];
			}
			return Response.parse(answer);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Read until the answer is complete (by its framing) or the server closes the connection. */
	private static byte[] readAll(InputStream in, boolean head) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				if (isComplete(out.toByteArray(), head)) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// A reset or a timeout after (part of) the answer still leaves the answer.
			if (out.size() == 0 && !(ex instanceof java.net.SocketTimeoutException)) {
				throw ex;
			}
		}
		return out.toByteArray();
	}

	private static boolean isComplete(byte[] bytes, boolean head) {
		String raw = new String(bytes, StandardCharsets.ISO_8859_1);
		int start = 0;
		while (raw.startsWith("HTTP/1.1 1", start)) {
			int end = raw.indexOf("\r\n\r\n", start);
			if (end < 0) {
				return false;
			}
			start = end + 4;
		}
		int end = raw.indexOf("\r\n\r\n", start);
		if (!raw.startsWith("HTTP/", start) || end < 0) {
			return false;
		}
		String headers = raw.substring(start, end).toLowerCase(Locale.ROOT);
		int status = Integer.parseInt(raw.substring(start + 9, start + 12));
		if (head || status == 204 || status == 304) {
			return true;
		}
		int length = headers.indexOf("\r\ncontent-length:");
		if (length >= 0) {
			int lineEnd = headers.indexOf("\r\n", length + 2);
			String value = headers.substring(length + 17, (lineEnd < 0) ? headers.length() : lineEnd).strip();
			return bytes.length - (end + 4) >= Long.parseLong(value);
		}
		if (headers.contains("\r\ntransfer-encoding: chunked")) {
			return raw.endsWith("\r\n0\r\n\r\n") || raw.substring(end + 4).startsWith("0\r\n\r\n");
		}
		return false;
	}

	/**
	 * An answer.
	 *
	 * @param status the status code, or -1 for none
	 * @param headers header lines as {@code name: value}
	 * @param body the body, de-chunked, as UTF-8
	 * @param raw the whole answer as ISO-8859-1 text, for messages
	 */
	public record Response(int status, List<String> headers, String body, String raw) {

		static Response parse(byte[] bytes) {
			String raw = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = raw.indexOf("\r\n\r\n");
			if (raw.isEmpty()) {
				return new Response(-1, List.of(), "", raw);
			}
			if (!raw.startsWith("HTTP/1.1 ") || end < 0 || raw.length() < 12) {
				// An HTTP/0.9 request (a request line without a version) gets a bare body.
				return new Response(0, List.of(), new String(bytes, StandardCharsets.UTF_8), raw);
			}
			int status = Integer.parseInt(raw.substring(9, 12));
			if (status >= 100 && status < 200) {
				// An interim answer (100 Continue): the final one follows.
				return parse(java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length));
			}
			List<String> headers = new ArrayList<>(List.of(raw.substring(0, end).split("\r\n")));
			headers.remove(0);
			byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
			Response response = new Response(status, headers, "", raw);
			if ("chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))) {
				body = dechunk(body);
			}
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8), raw);
		}

		public String header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			for (String header : this.headers) {
				if (header.toLowerCase(Locale.ROOT).startsWith(prefix)) {
					return header.substring(prefix.length()).strip();
				}
			}
			return null;
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int i = 0;
			while (i < chunked.length) {
				int lineEnd = indexOf(chunked, i);
				if (lineEnd < 0) {
					break;
				}
				String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
				int length = Integer.parseInt(size, 16);
				if (length == 0) {
					break;
				}
				int start = lineEnd + 2;
				out.write(chunked, start, Math.min(length, chunked.length - start));
				i = start + length + 2;
			}
			return out.toByteArray();
		}

		private static int indexOf(byte[] bytes, int from) {
			for (int i = from; i + 1 < bytes.length; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return -1;
		}

	}

}
