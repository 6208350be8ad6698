package io.eventcheckpoint.engine;

import java.time.Duration;

/**
 * Receives the outcome of every flush, for metrics and health.
 */
public interface FlushListener {

	FlushListener NONE = new FlushListener() {
	};

	/**
	 * Called after a successful write to the store.
	 * @param trigger why the flush ran
	 * @param duration how long the write took
	 * @param bytes bytes written (0 when the store does not know)
	 * @param updates updates made durable by this flush
	 */
	default void flushSucceeded(FlushTrigger trigger, Duration duration, long bytes, long updates) {
	}

	/**
	 * Called after a failed write to the store; the updates stay pending.
	 * @param trigger why the flush ran
	 * @param duration how long the attempt took
	 * @param cause what went wrong
	 */
	default void flushFailed(FlushTrigger trigger, Duration duration, Throwable cause) {
	}

}
