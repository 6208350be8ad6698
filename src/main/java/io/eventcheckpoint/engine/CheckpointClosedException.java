package io.eventcheckpoint.engine;

/**
 * Thrown by writes after {@link CheckpointEngine#shutdown()}: the engine accepts no more updates.
 * An {@link IllegalStateException}, as the engine's contract says, but its own type so callers can
 * tell "shutting down" from other illegal states.
 */
public class CheckpointClosedException extends IllegalStateException {

	public CheckpointClosedException() {
		super("Checkpoint service is shut down and accepts no updates");
	}

}
