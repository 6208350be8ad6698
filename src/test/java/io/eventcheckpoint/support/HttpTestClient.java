package io.eventcheckpoint.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLContext;

/**
 * A small real-HTTP client for tests: raw paths are sent exactly as written (percent-encoding kept).
 * Extra headers are given as name, value pairs, such as {@code "Authorization", "Bearer x"}.
 */
public final class HttpTestClient {

	private final HttpClient client;

	private final String base;

	private final String[] defaultHeaders;

	public HttpTestClient(int port) {
		this("http://127.0.0.1:" + port);
	}

	/**
	 * A client for a server elsewhere than on a local port, such as a container or Prometheus.
	 * @param base the scheme, host and port, such as {@code http://localhost:32768}
	 */
	public HttpTestClient(String base) {
		this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base);
	}

	private HttpTestClient(HttpClient client, String base, String... defaultHeaders) {
		this.client = client;
		this.base = base;
		this.defaultHeaders = defaultHeaders;
	}

	/**
	 * A client for HTTPS that trusts what the given context trusts.
	 * @param port the server's port
	 * @param ssl the TLS context, such as one trusting a test certificate
	 * @return the client
	 */
	public static HttpTestClient https(int port, SSLContext ssl) {
		return new HttpTestClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ssl).build(),
				"https://127.0.0.1:" + port);
	}

	/**
	 * The same client, sending {@code Authorization: Bearer <token>} with every request.
	 * @param token the bearer token
	 * @return a client for that token
	 */
	public HttpTestClient withToken(String token) {
		return new HttpTestClient(this.client, this.base, "Authorization", "Bearer " + token);
	}

	public HttpResponse<String> get(String rawPath, String... headers) {
		return send(request(rawPath, headers).GET());
	}

	public HttpResponse<String> put(String rawPath, String json, String... headers) {
		return send(request(rawPath, concat(headers, "Content-Type", "application/json"))
			.PUT(BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> post(String rawPath, String json, String... headers) {
		return send(request(rawPath, concat(headers, "Content-Type", "application/json"))
			.POST(BodyPublishers.ofString(json)));
	}

	/**
	 * A PUT whose JSON body is streamed in chunks, without a declared length.
	 * @param rawPath the path and query, sent as written
	 * @param body the body's bytes
	 * @param headers extra header names and values
	 * @return the answer
	 */
	public HttpResponse<String> putChunked(String rawPath, byte[] body, String... headers) {
		return send(request(rawPath, concat(headers, "Content-Type", "application/json"))
			.PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
	}

	public HttpResponse<String> delete(String rawPath, String... headers) {
		return send(request(rawPath, headers).DELETE());
	}

	public HttpResponse<String> send(String method, String rawPath, byte[] body, String... headers) {
		return send(request(rawPath, headers).method(method,
				(body != null) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody()));
	}

	private static String[] concat(String[] headers, String... more) {
		String[] all = Arrays.copyOf(headers, headers.length + more.length);
		System.arraycopy(more, 0, all, headers.length, more.length);
		return all;
	}

	private HttpRequest.Builder request(String rawPath, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + rawPath))
			.timeout(Duration.ofSeconds(30));
		String[] all = concat(this.defaultHeaders, headers);
		for (int i = 0; i + 1 < all.length; i += 2) {
			builder.header(all[i], all[i + 1]);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder builder) {
		try {
			return this.client.send(builder.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
