package io.eventcheckpoint.engine;

/**
 * Thrown when changes could not be made durable in time; they stay pending and are retried.
 */
public class FlushFailedException extends RuntimeException {

	public FlushFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
