package io.eventcheckpoint.engine;

/**
 * Thrown when a write would pass one of the engine's limits ({@link EngineSettings}); nothing was
 * changed.
 */
public abstract class EngineLimitException extends RuntimeException {

	private final long limit;

	EngineLimitException(String message, long limit) {
		super(message);
		this.limit = limit;
	}

	/** @return the limit the write would have passed */
	public long limit() {
		return this.limit;
	}

}
