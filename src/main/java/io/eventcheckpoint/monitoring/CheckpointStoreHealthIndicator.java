package io.eventcheckpoint.monitoring;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import io.eventcheckpoint.engine.CheckpointEngine;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether accepted positions reach the store: DOWN once flushes have failed too many times
 * in a row, or once the oldest pending update has waited too long (a store that hangs instead of
 * failing).
 * <p>
 * Both bounds let a short hiccup pass: the engine retries a failed flush after 0.2 s, doubling up
 * to 30 s, so the default of 8 failures in a row takes about 25 s of continuous failure (less under
 * durable writes, each of which forces an attempt of its own).
 */
class CheckpointStoreHealthIndicator implements HealthIndicator {

	/** Longest {@code lastError} detail: a message, never a stack trace. */
	private static final int MAX_ERROR_LENGTH = 200;

	private final CheckpointEngine checkpoints;

	private final int maxConsecutiveFailures;

	private final Duration maxPendingAge;

	CheckpointStoreHealthIndicator(CheckpointEngine checkpoints, int maxConsecutiveFailures, Duration maxPendingAge) {
		this.checkpoints = checkpoints;
		this.maxConsecutiveFailures = maxConsecutiveFailures;
		this.maxPendingAge = maxPendingAge;
	}

	@Override
	public Health health() {
		int failures = this.checkpoints.consecutiveFailures();
		Duration age = this.checkpoints.oldestPendingAge().truncatedTo(ChronoUnit.MILLIS);
		Health.Builder builder;
		if (failures >= this.maxConsecutiveFailures) {
			builder = Health.down()
				.withDetail("reason", failures + " flushes in a row failed (checkpoint.health.max-consecutive-failures="
						+ this.maxConsecutiveFailures + ")");
		}
		else if (age.compareTo(this.maxPendingAge) > 0) {
			builder = Health.down()
				.withDetail("reason", "the oldest pending update has waited " + age
						+ " (checkpoint.health.max-pending-age=" + this.maxPendingAge + ")");
		}
		else {
			builder = Health.up();
		}
		builder.withDetail("store", this.checkpoints.store().description())
			.withDetail("pendingUpdates", this.checkpoints.pendingUpdates())
			.withDetail("oldestPendingAge", age.toString())
			.withDetail("consecutiveFailures", failures);
		OffsetDateTime lastFlush = this.checkpoints.lastSuccessfulFlush();
		if (lastFlush != null) {
			builder.withDetail("lastSuccessfulFlush", lastFlush.toString());
		}
		Throwable lastFailure = this.checkpoints.lastFailure();
		if (lastFailure != null) {
			builder.withDetail("lastError", shortMessage(lastFailure));
		}
		return builder.build();
	}

	/**
	 * The exception's type and the first line of its message: enough to tell a full disk from a
	 * lost database, without a stack trace in an HTTP answer.
	 */
	static String shortMessage(Throwable failure) {
		String message = failure.getMessage();
		String text = failure.getClass().getSimpleName();
		if (message != null && !message.isBlank()) {
			text += ": " + message.strip().lines().findFirst().orElse("");
		}
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH - 3) + "..." : text;
	}

}
