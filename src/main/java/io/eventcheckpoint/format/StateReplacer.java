package io.eventcheckpoint.format;

import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LoadedCheckpoint;

/**
 * Replaces or drops each state as a file is read, so that a state a caller would replace at once
 * (the file store's journal holds a newer one) is never kept: with a million logs, keeping them
 * until the journal was replayed cost more in the collector than reading them.
 */
public interface StateReplacer {

	/** Keeps every state as the file holds it. */
	StateReplacer NONE = new StateReplacer() {

		@Override
		public EventLogState replace(EventLogState state) {
			return state;
		}

		@Override
		public void restart() {
		}

	};

	/**
	 * Called for each entry, in file order.
	 * @param state the entry as the file holds it
	 * @return the state to keep in the entry's place, or {@code null} to drop the entry
	 */
	EventLogState replace(EventLogState state);

	/**
	 * The reader starts over from the first entry (its fast path declined the file): forget every
	 * entry seen so far.
	 */
	void restart();

	/**
	 * Apply {@link #replace} to every state of a checkpoint read without this replacer (by the
	 * general reader, or a recovery path).
	 * @param checkpoint what was read, states in file order
	 * @return the checkpoint with the states kept, in order; itself for {@link #NONE}
	 */
	default LoadedCheckpoint replaceAll(LoadedCheckpoint checkpoint) {
		if (this == NONE) {
			return checkpoint;
		}
		restart();
		List<EventLogState> kept = new ArrayList<>(checkpoint.states().size());
		for (EventLogState state : checkpoint.states()) {
			EventLogState replaced = replace(state);
			if (replaced != null) {
				kept.add(replaced);
			}
		}
		return new LoadedCheckpoint(kept, checkpoint.updateTime());
	}

}
