package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Fills the engine's maps from what a store loaded, giving defaults to logs the store kept no
 * metadata for.
 */
final class MetadataLoader {

	private MetadataLoader() {
	}

	/**
	 * Put every loaded state and its metadata into the maps.
	 * @return the highest version handed out so far, so the next is above every one ever used
	 */
	static long load(LoadedCheckpoint checkpoint, Map<String, EventLogState> states,
			Map<String, LogMetadata> metadata, Clock clock) {
		// A store without metadata (a plain Winlogbeat file): the logs were last updated no later than its write.
		Instant defaultTime = (checkpoint.updateTime() != null) ? checkpoint.updateTime().toInstant() : clock.instant();
		long version = checkpoint.side().lastVersion();
		for (LogMetadata meta : checkpoint.metadata().values()) {
			version = Math.max(version, meta.version());
		}
		for (EventLogState state : checkpoint.states()) {
			states.put(state.name(), state);
			LogMetadata meta = checkpoint.metadata().get(state.name());
			if (meta == null || meta.version() == 0) {
				// Never versioned: a fresh version, above every one handed out.
				version++;
				meta = (meta != null) ? new LogMetadata(meta.updatedAt(), version, meta.epoch())
						: new LogMetadata(defaultTime, version, 0);
			}
			metadata.put(state.name(), meta);
		}
		return version;
	}

}
