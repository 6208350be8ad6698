package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Fills the engine's states map from what a store loaded, each state with its metadata, giving
 * defaults to logs the store kept no metadata for.
 */
final class MetadataLoader {

	private MetadataLoader() {
	}

	/**
	 * Put every loaded state, with its metadata, into the map.
	 * @return the highest version handed out so far, so the next is above every one ever used
	 */
	static long load(LoadedCheckpoint checkpoint, Map<String, StateSlot> states, Clock clock) {
		// A store without metadata (a plain Winlogbeat file): the logs were last updated no later than its write.
		Instant defaultTime = (checkpoint.updateTime() != null) ? checkpoint.updateTime().toInstant() : clock.instant();
		long version = checkpoint.side().lastVersion();
		for (LogMetadata meta : checkpoint.metadata().values()) {
			version = Math.max(version, meta.version());
		}
		for (EventLogState state : checkpoint.states()) {
			LogMetadata meta = checkpoint.metadata().get(state.name());
			if (meta == null || meta.version() == 0) {
				// Never versioned: a fresh version, above every one handed out.
				version++;
				meta = (meta != null) ? new LogMetadata(meta.updatedAt(), version, meta.epoch())
						: new LogMetadata(defaultTime, version, 0);
			}
			states.put(state.name(), new StateSlot(new TrackedState(state, meta)));
		}
		return version;
	}

}
