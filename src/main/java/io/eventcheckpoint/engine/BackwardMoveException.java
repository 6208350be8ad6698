package io.eventcheckpoint.engine;

/**
 * A write that would move a log backward in {@code (epoch, record_number)} order, refused because
 * backward moves are rejected and the writer did not ask for a rewind. Nothing was applied.
 */
public class BackwardMoveException extends FencedWriteException {

	private final EventLogState stored;

	private final long storedEpoch;

	public BackwardMoveException(EventLogState stored, long storedEpoch, EventLogState refused, long epoch) {
		super(stored.name(), "Log '" + stored.name() + "' is at epoch " + Long.toUnsignedString(storedEpoch)
				+ ", record " + stored.recordNumberString() + "; epoch " + Long.toUnsignedString(epoch) + ", record "
				+ refused.recordNumberString() + " would move it backward. Bump the epoch if the log was cleared, "
				+ "or ask for rewind=true on purpose. Nothing was stored.");
		this.stored = stored;
		this.storedEpoch = storedEpoch;
	}

	/** @return the stored position */
	public EventLogState stored() {
		return this.stored;
	}

	/** @return the stored position's epoch */
	public long storedEpoch() {
		return this.storedEpoch;
	}

}
