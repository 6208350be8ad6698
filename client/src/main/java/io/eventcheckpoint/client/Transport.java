package io.eventcheckpoint.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.eventcheckpoint.client.CheckpointRefusedException.AccessDeniedException;
import io.eventcheckpoint.client.CheckpointRefusedException.FieldError;
import io.eventcheckpoint.client.CheckpointRefusedException.FencedException;
import io.eventcheckpoint.client.CheckpointRefusedException.InvalidPositionException;
import io.eventcheckpoint.client.CheckpointRefusedException.TooManyLogsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one request with retries: backoff with full jitter on timeouts, lost connections, 429 and
 * 502-504, honouring Retry-After; never on other 4xx, which become typed exceptions.
 * <p>
 * Retrying a POST of positions is safe: applying the same positions twice leaves the same state.
 */
final class Transport {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Problem types of refusals that fence a stale writer out (issue 15). */
	private static final Set<String> FENCED = Set.of("urn:problem:checkpoint:lease-conflict",
			"urn:problem:checkpoint:backward-move");

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private final HttpClient http;

	private final String base;

	private final String authorization;

	private final Duration requestTimeout;

	private final Duration retryTimeout;

	Transport(HttpClient http, URI base, String token, Duration requestTimeout, Duration retryTimeout) {
		this.http = http;
		String text = base.toString();
		this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
		this.authorization = (token != null) ? "Bearer " + token : null;
		this.requestTimeout = requestTimeout;
		this.retryTimeout = retryTimeout;
	}

	JsonNode get(String pathAndQuery) {
		return send(() -> request(pathAndQuery).GET());
	}

	JsonNode post(String pathAndQuery, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		return send(() -> request(pathAndQuery).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	private HttpRequest.Builder request(String pathAndQuery) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + pathAndQuery))
			.timeout(this.requestTimeout)
			.header("Accept", "application/json, application/problem+json");
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private JsonNode send(Supplier<HttpRequest.Builder> request) {
		long deadline = System.nanoTime() + this.retryTimeout.toNanos();
		Exception last = null;
		for (int attempt = 0;; attempt++) {
			Duration wait;
			try {
				HttpResponse<String> response = this.http.send(request.get().build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				int status = response.statusCode();
				if (status >= 200 && status < 300) {
					return response.body().isEmpty() ? null : JSON.readTree(response.body());
				}
				if (status != 429 && status != 502 && status != 503 && status != 504) {
					throw problem(status, response.body());
				}
				last = new CheckpointException("HTTP " + status + ": " + response.body(), null);
				wait = retryAfter(response).orElse(backoff(attempt));
			}
			catch (IOException ex) {
				// Timeouts, refused and reset connections: the service may be restarting.
				last = ex;
				wait = backoff(attempt);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CheckpointException("Interrupted", ex);
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new CheckpointUnavailableException("No answer from " + this.base + " within "
						+ this.retryTimeout + " (" + (attempt + 1) + " attempts): " + last.getMessage(), last);
			}
			sleep(Math.min(wait.toNanos(), left));
		}
	}

	private static Duration backoff(int attempt) {
		long ceiling = Math.min(MAX_BACKOFF.toNanos(), FIRST_BACKOFF.toNanos() << Math.min(attempt, 20));
		return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
	}

	static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").map(String::trim).flatMap((value) -> {
			try {
				return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
			}
			catch (NumberFormatException ex) {
				try {
					ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
					Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
					return java.util.Optional.of(until.isNegative() ? Duration.ZERO : until);
				}
				catch (RuntimeException unparsable) {
					return java.util.Optional.empty();
				}
			}
		});
	}

	private static void sleep(long nanos) {
		try {
			Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CheckpointException("Interrupted", ex);
		}
	}

	static CheckpointException problem(int status, String body) {
		String type = null;
		String title = "HTTP " + status;
		String detail = null;
		List<FieldError> errors = new ArrayList<>();
		try {
			JsonNode problem = JSON.readTree(body);
			type = text(problem.get("type"));
			title = (text(problem.get("title")) != null) ? text(problem.get("title")) : title;
			detail = text(problem.get("detail"));
			if (problem.get("errors") != null) {
				problem.get("errors").forEach((error) -> errors.add(new FieldError(text(error.get("field")),
						text(error.get("message")))));
			}
		}
		catch (RuntimeException notJson) {
			detail = body;
		}
		return switch (status) {
			case 400 -> new InvalidPositionException(status, type, title, detail, errors);
			case 401, 403 -> new AccessDeniedException(status, type, title, detail, errors);
			case 409 -> (FENCED.contains(type)) ? new FencedException(status, type, title, detail, errors)
					: new TooManyLogsException(status, type, title, detail, errors);
			default -> (status >= 400 && status < 500) ? new CheckpointRefusedException(status, type, title, detail,
					errors) : new CheckpointException(status + " " + title + ": " + detail, null);
		};
	}

	private static String text(JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
