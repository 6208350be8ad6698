package io.eventcheckpoint.engine;

/**
 * Why the engine wrote to its store.
 */
public enum FlushTrigger {

	/** {@code maxUpdates} updates were pending. */
	MAX_UPDATES,

	/** The flush interval passed since the oldest pending update (also used for retries). */
	INTERVAL,

	/** A caller asked for durability through {@link CheckpointEngine#flush}. */
	DURABLE,

	/** The final flush of {@link CheckpointEngine#shutdown}. */
	SHUTDOWN;

	/**
	 * The tag value used for metrics.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
