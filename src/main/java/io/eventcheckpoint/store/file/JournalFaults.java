package io.eventcheckpoint.store.file;

import java.io.IOException;

/**
 * A test hook called at each step where a crash matters; the tests throw from it to stop the
 * store there, then open the directory again as a restarted process would.
 */
@FunctionalInterface
interface JournalFaults {

	JournalFaults NONE = (step) -> {
	};

	/**
	 * Called when the store reaches a step.
	 * @param step the step
	 * @throws IOException to fail the step as a crash or a full disk would
	 */
	void reached(Step step) throws IOException;

	/**
	 * The steps, in the order a flush and a snapshot pass them.
	 */
	enum Step {

		/** A flush's records are written to the segment and not yet forced to disk. */
		APPEND_WRITTEN,

		/** A snapshot opened a new segment and has not yet read the states. */
		SEGMENT_ROTATED,

		/** A snapshot's temporary file is forced to disk and not yet renamed over the file. */
		SNAPSHOT_WRITTEN,

		/** A snapshot is renamed over the file; the segments it covers are not yet deleted. */
		SNAPSHOT_RENAMED

	}

}
