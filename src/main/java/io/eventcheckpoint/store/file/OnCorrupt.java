package io.eventcheckpoint.store.file;

/**
 * What to do at start-up when the checkpoint file is corrupt and no good previous copy exists.
 */
public enum OnCorrupt {

	/** Refuse to start, so collectors are not silently reset to the beginning. */
	FAIL,

	/** Move the bad file aside and start with no positions. */
	START_EMPTY

}
