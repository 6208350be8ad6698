package io.eventcheckpoint.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One flush: the changes since the last successful save and a way to get the whole state.
 * <p>
 * Snapshot stores (a file) write {@link #snapshot()}, and {@link #metadata()} of each of its names
 * beside it; change stores (a database) apply {@link #changes()}.
 *
 * @param updateTime the time of this flush, written as the file's {@code update_time}
 * @param changes the latest change per name since the last successful save
 * @param snapshot every current state, sorted by name in UTF-8 byte order
 * @param metadata the current metadata of a tracked name, {@code null} for another name
 * @param side the counters and leases at the time of the save
 */
public record FlushBatch(OffsetDateTime updateTime, List<Change> changes, Supplier<List<EventLogState>> snapshot,
		Function<String, LogMetadata> metadata, Supplier<SideState> side) {

	public FlushBatch {
		metadata = (metadata != null) ? metadata : (name) -> null;
		side = (side != null) ? side : () -> SideState.EMPTY;
	}

	public FlushBatch(OffsetDateTime updateTime, List<Change> changes, Supplier<List<EventLogState>> snapshot) {
		this(updateTime, changes, snapshot, null, null);
	}

	public List<EventLogState> snapshotStates() {
		return this.snapshot.get();
	}

	/**
	 * The latest change of one name.
	 *
	 * @param name the event log's name
	 * @param state the new state, or {@code null} when the log was deleted
	 * @param receivedAt when the server accepted the change: the later one wins between replicas,
	 * and it is the log's last-update time ({@link LogMetadata#updatedAt()})
	 * @param metadata the log's metadata with this change (its version and epoch), {@code null}
	 * for a deletion or when unknown
	 */
	public record Change(String name, EventLogState state, Instant receivedAt, LogMetadata metadata) {

		public Change(String name, EventLogState state, Instant receivedAt) {
			this(name, state, receivedAt, null);
		}

		public boolean deleted() {
			return this.state == null;
		}

	}

}
