package io.eventcheckpoint.engine;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What a store held at start-up.
 *
 * @param states every stored state
 * @param updateTime when the store was last written, or {@code null} if never
 * @param metadata what the store kept beside the states, by name; a name missing here gets
 * defaults (last updated at {@code updateTime}, or at load time when that is {@code null})
 * @param side the counters and leases the store kept
 */
public record LoadedCheckpoint(List<EventLogState> states, OffsetDateTime updateTime,
		Map<String, LogMetadata> metadata, SideState side) {

	public LoadedCheckpoint {
		metadata = (metadata != null) ? metadata : Map.of();
		side = (side != null) ? side : SideState.EMPTY;
	}

	/**
	 * What a store without counters or leases held.
	 * @param states every stored state
	 * @param updateTime when the store was last written, or {@code null} if never
	 * @param metadata what the store kept beside the states, by name
	 */
	public LoadedCheckpoint(List<EventLogState> states, OffsetDateTime updateTime, Map<String, LogMetadata> metadata) {
		this(states, updateTime, metadata, SideState.EMPTY);
	}

	/**
	 * What a store without metadata (a plain Winlogbeat file) held.
	 * @param states every stored state
	 * @param updateTime when the store was last written, or {@code null} if never
	 */
	public LoadedCheckpoint(List<EventLogState> states, OffsetDateTime updateTime) {
		this(states, updateTime, Map.of());
	}

	public static LoadedCheckpoint empty() {
		return new LoadedCheckpoint(List.of(), null);
	}

}
