package io.eventcheckpoint.engine;

import java.time.Instant;

/**
 * A tracked log as the engine keeps it: its state and its {@link LogMetadata} in one object, the
 * value of the states map.
 * <p>
 * Inline rather than in a second map: a map node, a table slot and a metadata object cost about
 * 80 bytes per log, these four fields 28. Immutable: a change of a log puts a new instance, inside
 * the name's {@code compute}, so state and metadata always change together, and readers without a
 * lock see both of one change. Equality, hash code and text are the plain state's (see
 * {@link EventLogState}), so the instances handed out as states compare as states.
 */
final class TrackedState extends EventLogState {

	private final long updatedAtSecond;

	private final int updatedAtNano;

	private final long version;

	private final long epoch;

	/**
	 * A tracked state.
	 * @param state the log's state (its fields are copied)
	 * @param metadata its metadata
	 */
	TrackedState(EventLogState state, LogMetadata metadata) {
		this(state, state.name(), metadata.updatedAtSecond(), metadata.updatedAtNano(), metadata.version(),
				metadata.epoch());
	}

	/**
	 * A tracked state, replacing {@code previous} if there is one: it then keeps the name string
	 * {@code previous} holds, so a request's own copy of the name dies young instead of living (and
	 * being copied by every young collection) as long as the state.
	 * @param state the log's state (its fields are copied)
	 * @param previous the state it replaces, or {@code null} for a new name
	 * @param updatedAt when the service accepted this change
	 * @param version its version
	 * @param epoch its epoch
	 */
	TrackedState(EventLogState state, TrackedState previous, Instant updatedAt, long version, long epoch) {
		this(state, (previous != null) ? previous.name() : state.name(), updatedAt.getEpochSecond(),
				updatedAt.getNano(), version, epoch);
	}

	/** A copy of a {@link StateSlot}'s fields. */
	TrackedState(String name, long recordNumber, long epochSecond, int nano, int offsetSeconds, String bookmark,
			long updatedAtSecond, int updatedAtNano, long version, long epoch) {
		super(name, recordNumber, epochSecond, nano, offsetSeconds, bookmark);
		this.updatedAtSecond = updatedAtSecond;
		this.updatedAtNano = updatedAtNano;
		this.version = version;
		this.epoch = epoch;
	}

	private TrackedState(EventLogState state, String name, long updatedAtSecond, int updatedAtNano, long version,
			long epoch) {
		super(state, name);
		this.updatedAtSecond = updatedAtSecond;
		this.updatedAtNano = updatedAtNano;
		this.version = version;
		this.epoch = epoch;
	}

	/** @return the metadata, a new view of the fields */
	LogMetadata metadata() {
		return new LogMetadata(this.updatedAtSecond, this.updatedAtNano, this.version, this.epoch);
	}

	long updatedAtSecond() {
		return this.updatedAtSecond;
	}

	int updatedAtNano() {
		return this.updatedAtNano;
	}

	Instant updatedAt() {
		return Instant.ofEpochSecond(this.updatedAtSecond, this.updatedAtNano);
	}

	long version() {
		return this.version;
	}

	long epoch() {
		return this.epoch;
	}

	/** Whether the log was last updated strictly before a time. */
	boolean updatedBefore(Instant time) {
		return compareUpdated(time.getEpochSecond(), time.getNano()) < 0;
	}

	/** Compares the last-update time with another, without allocating. */
	int compareUpdated(long second, int nano) {
		int bySecond = Long.compare(this.updatedAtSecond, second);
		return (bySecond != 0) ? bySecond : Integer.compare(this.updatedAtNano, nano);
	}

	/** Compares the last-update times of two logs. */
	int compareUpdated(TrackedState other) {
		return compareUpdated(other.updatedAtSecond, other.updatedAtNano);
	}

}
