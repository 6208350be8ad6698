package io.eventcheckpoint.engine;

/**
 * A write refused because another writer owns the log or has moved it further: a lease held by
 * someone else, or a move backward. Nothing of the request was applied.
 */
public abstract class FencedWriteException extends RuntimeException {

	private final String name;

	protected FencedWriteException(String name, String message) {
		super(message);
		this.name = name;
	}

	/** @return the log (or lease prefix) the refusal is about */
	public String name() {
		return this.name;
	}

}
