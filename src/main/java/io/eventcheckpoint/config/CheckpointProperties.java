package io.eventcheckpoint.config;

import java.nio.file.Path;
import java.time.Duration;

import io.eventcheckpoint.store.file.JournalSettings;
import io.eventcheckpoint.store.file.OnCorrupt;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
 * @param journal whether the {@code file} store appends each flush to a journal beside the file
 * ({@code <file>.journal.*}) and rewrites the file itself only in the background; when not, every
 * flush rewrites the whole file
 * @param snapshotInterval with a journal, the oldest the YAML file may be while the journal holds
 * records: the file is rewritten from memory at least this often
 * @param snapshotJournalSize with a journal, the journal size that starts a snapshot before the
 * interval is up; it also bounds the replay at start-up
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
		@DefaultValue("1000000") @Min(1) long maxPendingUpdates,
		@DefaultValue("true") boolean journal,
		@DefaultValue("5m") @NotNull Duration snapshotInterval,
		@DefaultValue("64MB") @NotNull DataSize snapshotJournalSize) {

	/**
	 * Whether the flush interval is at least one second, as in the Go original.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.flush-interval must be at least 1s")
	public boolean isFlushIntervalAtLeastOneSecond() {
		return this.flushInterval == null || this.flushInterval.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	/**
	 * Whether the snapshot interval is at least one second.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.snapshot-interval must be at least 1s")
	public boolean isSnapshotIntervalAtLeastOneSecond() {
		return this.snapshotInterval == null || this.snapshotInterval.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	/**
	 * Whether the snapshot journal size is at least one megabyte.
	 * @return the validation result
	 */
	@AssertTrue(message = "checkpoint.snapshot-journal-size must be at least 1MB")
	public boolean isSnapshotJournalSizeAtLeastOneMegabyte() {
		return this.snapshotJournalSize == null || this.snapshotJournalSize.toBytes() >= DataSize.ofMegabytes(1).toBytes();
	}

	/**
	 * How the file store journals, from these properties.
	 * @return the journal settings
	 */
	public JournalSettings journalSettings() {
		return this.journal ? JournalSettings.journal(this.snapshotInterval, this.snapshotJournalSize.toBytes())
				: JournalSettings.DISABLED;
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
