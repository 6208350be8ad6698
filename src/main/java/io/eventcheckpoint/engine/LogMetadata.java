package io.eventcheckpoint.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * What the service knows about a log beyond Winlogbeat's four fields, never written into the
 * Go-format YAML file. The engine holds these fields inline in each log's state (one object per
 * log, see {@code TrackedState}) and hands out this record as a view of them; stores read and
 * load it.
 * <p>
 * The time is held as two numbers rather than an {@link Instant}, as in the engine's state.
 *
 * @param updatedAtSecond when the service accepted the last change of the log (its receive time,
 * not the record's own timestamp): seconds since 1970-01-01T00:00:00Z
 * @param updatedAtNano and its nanoseconds, 0 to 999,999,999
 * @param version increases on every accepted change and is never reused for a name (an ETag); 0
 * when unknown
 * @param epoch the position's epoch, an unsigned 64-bit number (0 by default): a collector that
 * sees its log cleared bumps it, so positions order by {@code (epoch, record_number)}
 */
public record LogMetadata(long updatedAtSecond, int updatedAtNano, long version, long epoch) {

	/**
	 * Metadata of a log last updated at a time, version unknown, epoch 0.
	 * @param updatedAt when the service accepted the log's last change
	 */
	public LogMetadata(Instant updatedAt) {
		this(updatedAt, 0, 0);
	}

	/**
	 * Metadata of a log.
	 * @param updatedAt when the service accepted the log's last change
	 * @param version its version
	 * @param epoch its epoch
	 */
	public LogMetadata(Instant updatedAt, long version, long epoch) {
		this(Objects.requireNonNull(updatedAt, "updatedAt").getEpochSecond(), updatedAt.getNano(), version, epoch);
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

	private int compareTo(long second, int nano) {
		int bySecond = Long.compare(this.updatedAtSecond, second);
		return (bySecond != 0) ? bySecond : Integer.compare(this.updatedAtNano, nano);
	}

	/** @return the version as unsigned decimal digits, the form of an ETag */
	public String versionString() {
		return Long.toUnsignedString(this.version);
	}

	/** @return the epoch as unsigned decimal digits */
	public String epochString() {
		return Long.toUnsignedString(this.epoch);
	}

}
