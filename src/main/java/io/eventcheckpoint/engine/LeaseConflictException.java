package io.eventcheckpoint.engine;

/**
 * A lease refused (another holder's lease is live) or a write under a leased prefix without the
 * lease's current token. Nothing was changed.
 */
public class LeaseConflictException extends FencedWriteException {

	private final String prefix;

	public LeaseConflictException(String name, String prefix, String message) {
		super(name, message);
		this.prefix = prefix;
	}

	/** @return the leased prefix */
	public String prefix() {
		return this.prefix;
	}

}
