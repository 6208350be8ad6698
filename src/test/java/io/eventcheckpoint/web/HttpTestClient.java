package io.eventcheckpoint.web;

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

/**
 * A small real-HTTP client for tests: raw paths are sent exactly as written (percent-encoding kept).
 */
public final class HttpTestClient {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public HttpTestClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public HttpResponse<String> get(String rawPath, String... headers) {
		return send(request(rawPath, headers).GET());
	}

	public HttpResponse<String> put(String rawPath, String json) {
		return send(request(rawPath, "Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> post(String rawPath, String json) {
		return send(request(rawPath, "Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> delete(String rawPath) {
		return send(request(rawPath).DELETE());
	}

	public HttpResponse<String> send(String method, String rawPath, byte[] body, String... headers) {
		return send(request(rawPath, headers).method(method,
				(body != null) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String rawPath, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + rawPath))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
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
