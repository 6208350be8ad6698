package io.eventcheckpoint.config;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the PostgreSQL store ({@code checkpoint.store=jdbc}); the connection itself is
 * configured with the standard {@code spring.datasource.*} properties.
 *
 * @param refreshInterval how often each replica reads the changes other replicas have saved
 * @param startupTimeout how long start-up keeps retrying while PostgreSQL is unreachable
 * @param networkTimeout how long one call to PostgreSQL may wait on the network before its
 * connection is given up, so that a lost connection cannot stall flushes
 * @param tombstoneRetention how long a deleted log's tombstone is kept to stop older writes from
 * bringing it back
 */
@Validated
@ConfigurationProperties("checkpoint.jdbc")
public record JdbcCheckpointProperties(
		@DefaultValue("1s") @NotNull Duration refreshInterval,
		@DefaultValue("5m") @NotNull Duration startupTimeout,
		@DefaultValue("30s") @NotNull Duration networkTimeout,
		@DefaultValue("7d") @NotNull Duration tombstoneRetention) {

	/**
	 * Whether every duration is positive.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.jdbc.refresh-interval, startup-timeout, network-timeout and tombstone-retention "
			+ "must be positive")
	public boolean isEveryDurationPositive() {
		return positive(this.refreshInterval) && positive(this.startupTimeout) && positive(this.networkTimeout)
				&& positive(this.tombstoneRetention);
	}

	private static boolean positive(Duration duration) {
		return duration == null || (!duration.isNegative() && !duration.isZero());
	}

}
