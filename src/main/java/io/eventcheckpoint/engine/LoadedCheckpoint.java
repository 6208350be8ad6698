package io.eventcheckpoint.engine;

import java.time.OffsetDateTime;
import java.util.List;

import io.eventcheckpoint.engine.EventLogState;

/**
 * What a store held at start-up.
 *
 * @param states every stored state
 * @param updateTime when the store was last written, or {@code null} if never
 */
public record LoadedCheckpoint(List<EventLogState> states, OffsetDateTime updateTime) {

	public static LoadedCheckpoint empty() {
		return new LoadedCheckpoint(List.of(), null);
	}

}
