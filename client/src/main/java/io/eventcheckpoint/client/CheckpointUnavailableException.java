package io.eventcheckpoint.client;

/**
 * The service stayed unreachable, busy (429) or unavailable (503) for longer than the client's
 * retry timeout. The positions are kept and sent again by the next flush.
 */
public class CheckpointUnavailableException extends CheckpointException {

	private static final long serialVersionUID = 1L;

	public CheckpointUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
