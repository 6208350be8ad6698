package io.eventcheckpoint.engine;

/**
 * A fenced write or lease change that the {@link FenceStore} could not decide (the database is
 * unreachable): nothing of it was applied, and the request may be retried.
 */
public class FenceStoreException extends RuntimeException {

	public FenceStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
