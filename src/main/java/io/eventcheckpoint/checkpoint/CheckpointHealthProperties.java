package io.eventcheckpoint.checkpoint;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
 * longer than {@code checkpoint.flush-interval}, which updates wait for normally
 */
@Validated
@ConfigurationProperties("checkpoint.health")
public record CheckpointHealthProperties(
		@DefaultValue("8") @Min(1) int maxConsecutiveFailures,
		@DefaultValue("1m") @NotNull Duration maxPendingAge) {

}
