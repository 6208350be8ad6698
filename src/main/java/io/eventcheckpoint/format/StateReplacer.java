package io.eventcheckpoint.format;

import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.engine.EventLogState;

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
	 * Apply {@link #replace} to every state of a list read without this replacer, from a restart.
	 * @param states the states in file order
	 * @return the states kept, in order
	 */
	default List<EventLogState> replaceAll(List<EventLogState> states) {
		restart();
		List<EventLogState> kept = new ArrayList<>(states.size());
		for (EventLogState state : states) {
			EventLogState replaced = replace(state);
			if (replaced != null) {
				kept.add(replaced);
			}
		}
		return kept;
	}

}
