package io.eventcheckpoint.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API.
 *
 * @param maxRequestSize largest request body accepted; larger ones get 413
 * @param maxBatchSize most positions in one {@code POST /logs}
 * @param maxNameLength longest event-log name, in characters
 * @param backwardMoves whether a write that moves a log backward in {@code (epoch, record_number)}
 * order is allowed (the Go original's last-write-wins) or refused with 409 unless it asks for
 * {@code rewind=true}
 */
@Validated
@ConfigurationProperties("checkpoint.api")
public record ApiProperties(
		@DefaultValue("1MB") @NotNull DataSize maxRequestSize,
		@DefaultValue("10000") @Min(1) int maxBatchSize,
		@DefaultValue("1024") @Min(1) @Max(65536) int maxNameLength,
		@DefaultValue("allow") @NotNull BackwardMoves backwardMoves) {

	/**
	 * What to do with a write that moves a log backward.
	 */
	public enum BackwardMoves {

		/** Accept it: the last write wins, as in the Go original. */
		ALLOW,

		/** Refuse it with 409, unless the request asks for {@code rewind=true}. */
		REJECT

	}

}
