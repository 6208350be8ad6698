package io.eventcheckpoint.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * What the service knows about a log beyond Winlogbeat's four fields: kept beside the
 * {@link EventLogState}, never written into the Go-format YAML file.
 * <p>
 * The time is held as two numbers rather than an {@link Instant}: walking a million logs for the
 * fleet view is bound by memory reads, and one object fewer per log is one cache miss fewer.
 *
 * @param updatedAtSecond when the service accepted the last change of the log (its receive time,
 * not the record's own timestamp): seconds since 1970-01-01T00:00:00Z
 * @param updatedAtNano and its nanoseconds, 0 to 999,999,999
 */
public record LogMetadata(long updatedAtSecond, int updatedAtNano) {

	/**
	 * Metadata of a log last updated at a time.
	 * @param updatedAt when the service accepted the log's last change
	 */
	public LogMetadata(Instant updatedAt) {
		this(Objects.requireNonNull(updatedAt, "updatedAt").getEpochSecond(), updatedAt.getNano());
	}

	/** @return when the service accepted the last change of the log */
	public Instant updatedAt() {
		return Instant.ofEpochSecond(this.updatedAtSecond, this.updatedAtNano);
	}

	/**
	 * Whether the log was last updated before a time.
	 * @param time the time
	 * @return {@code true} if strictly before
	 */
	public boolean updatedBefore(Instant time) {
		return compareTo(time.getEpochSecond(), time.getNano()) < 0;
	}

	int compareTo(long second, int nano) {
		int bySecond = Long.compare(this.updatedAtSecond, second);
		return (bySecond != 0) ? bySecond : Integer.compare(this.updatedAtNano, nano);
	}

}
