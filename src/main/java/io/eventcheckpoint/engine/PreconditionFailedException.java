package io.eventcheckpoint.engine;

/**
 * A write whose {@code If-Match} or {@code If-None-Match} condition does not hold. Nothing of the
 * request was applied.
 */
public class PreconditionFailedException extends RuntimeException {

	private final String name;

	private final LogMetadata current;

	public PreconditionFailedException(String name, LogMetadata current, String message) {
		super(message);
		this.name = name;
		this.current = current;
	}

	public String name() {
		return this.name;
	}

	/** @return the log's metadata (its current version), or {@code null} if it does not exist */
	public LogMetadata current() {
		return this.current;
	}

}
