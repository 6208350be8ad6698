package io.eventcheckpoint.config;

import java.nio.file.Path;
import java.time.Duration;

import io.eventcheckpoint.store.file.OnCorrupt;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the checkpoint engine and its store.
 *
 * @param store where positions are kept: {@code file} (one replica) or {@code jdbc} (PostgreSQL,
 * several replicas)
 * @param file the YAML checkpoint file of the {@code file} store
 * @param maxUpdates flush once this many updates are pending
 * @param flushInterval flush once the oldest pending update is this old (at least 1s)
 * @param onCorrupt what to do at start-up when the file is corrupt and no good previous copy exists
 * @param shutdownTimeout how long the final flush at shutdown keeps retrying a failing store
 * @param durableTimeout how long a durable write waits for its flush before answering 503
 * @param maxLogs most logs tracked; a write creating a new name beyond it is refused (409)
 * @param maxPendingUpdates most updates waiting for the store (they pile up only while it is slow
 * or failing); beyond it writes are refused with 503 and {@code Retry-After} instead of growing memory
 */
@Validated
@ConfigurationProperties("checkpoint")
public record CheckpointProperties(
		@DefaultValue("file") @NotNull StoreType store,
		@DefaultValue("data/checkpoint.yml") @NotNull Path file,
		@DefaultValue("100") @Min(1) int maxUpdates,
		@DefaultValue("5s") @NotNull Duration flushInterval,
		@DefaultValue("fail") @NotNull OnCorrupt onCorrupt,
		@DefaultValue("20s") @NotNull Duration shutdownTimeout,
		@DefaultValue("10s") @NotNull Duration durableTimeout,
		@DefaultValue("1000000") @Min(1) int maxLogs,
		@DefaultValue("1000000") @Min(1) long maxPendingUpdates) {

	/**
	 * Whether the flush interval is at least one second, as in the Go original.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.flush-interval must be at least 1s")
	public boolean isFlushIntervalAtLeastOneSecond() {
		return this.flushInterval == null || this.flushInterval.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	/**
	 * The kinds of store.
	 */
	public enum StoreType {

		/** One YAML file: the embedded default for one replica. */
		FILE,

		/** PostgreSQL through {@code spring.datasource.*}, for several replicas. */
		JDBC

	}

}
