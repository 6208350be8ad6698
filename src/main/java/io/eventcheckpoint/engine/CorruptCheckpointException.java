package io.eventcheckpoint.engine;

import java.io.IOException;

/**
 * Thrown when stored checkpoints cannot be read: invalid YAML, NUL bytes, a truncated write, or a
 * record number outside the unsigned 64-bit range.
 */
public class CorruptCheckpointException extends IOException {

	public CorruptCheckpointException(String message) {
		super(message);
	}

	public CorruptCheckpointException(String message, Throwable cause) {
		super(message, cause);
	}

}
