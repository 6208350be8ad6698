package io.eventcheckpoint.engine;

/**
 * How a write request is fenced as a whole.
 *
 * @param rejectBackward whether a write that would move a log backward in {@code (epoch,
 * record_number)} order is refused ({@link BackwardMoveException})
 * @param rewind whether such a move is wanted on purpose (overrides {@code rejectBackward}; the
 * audit listener hears of it as a rewind)
 * @param leaseToken the token of the lease the writer holds, or {@code null}
 */
public record WriteOptions(boolean rejectBackward, boolean rewind, String leaseToken) {

	/** Last write wins: the Go original's semantics. */
	public static final WriteOptions NONE = new WriteOptions(false, false, null);

}
