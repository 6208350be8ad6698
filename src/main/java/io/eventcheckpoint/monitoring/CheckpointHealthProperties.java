package io.eventcheckpoint.monitoring;

import java.time.Duration;

import io.eventcheckpoint.config.CheckpointProperties;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the {@code checkpointStore} health indicator reports DOWN (and with it readiness).
 * <p>
 * A record of its own rather than a component of {@link CheckpointProperties}, so that the engine's
 * settings and its health bounds can grow independently.
 *
 * @param maxConsecutiveFailures DOWN once this many flushes in a row have failed
 * @param maxPendingAge DOWN once the oldest pending update has waited longer than this; must be
 * longer than {@code checkpoint.flush-interval}, which updates wait for normally. Unset, it is the
 * flush interval plus one minute.
 */
@Validated
@ConfigurationProperties("checkpoint.health")
public record CheckpointHealthProperties(
		@DefaultValue("8") @Min(1) int maxConsecutiveFailures,
		Duration maxPendingAge) {

	/** Added to the flush interval when {@code max-pending-age} is not set. */
	static final Duration DEFAULT_PENDING_MARGIN = Duration.ofMinutes(1);

	/**
	 * The bound on the age of the oldest pending update.
	 * @param flushInterval {@code checkpoint.flush-interval}
	 * @return {@code max-pending-age}, or the flush interval plus one minute when it is not set
	 */
	public Duration maxPendingAge(Duration flushInterval) {
		return (this.maxPendingAge != null) ? this.maxPendingAge : flushInterval.plus(DEFAULT_PENDING_MARGIN);
	}

}
