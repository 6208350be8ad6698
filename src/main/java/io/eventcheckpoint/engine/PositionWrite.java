package io.eventcheckpoint.engine;

import java.util.Objects;

/**
 * One position to write, with its epoch and its preconditions.
 *
 * @param state the new position
 * @param epoch its epoch, unsigned (0 unless the collector has seen its log cleared)
 * @param ifMatch the version the log must have, or 0 for no such condition
 * @param ifNoneMatch whether the log must not exist yet (create only)
 */
public record PositionWrite(EventLogState state, long epoch, long ifMatch, boolean ifNoneMatch) {

	public PositionWrite {
		Objects.requireNonNull(state, "state");
	}

	/**
	 * A write without conditions at epoch 0, the Go original's semantics.
	 * @param state the new position
	 * @return the write
	 */
	public static PositionWrite of(EventLogState state) {
		return new PositionWrite(state, 0, 0, false);
	}

}
