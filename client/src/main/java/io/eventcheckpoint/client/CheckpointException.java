package io.eventcheckpoint.client;

/**
 * The service did not take or answer a request. Subclasses say whether retrying could help:
 * {@link CheckpointRefusedException} (no) and {@link CheckpointUnavailableException} (later).
 */
public class CheckpointException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CheckpointException(String message, Throwable cause) {
		super(message, cause);
	}

}
