package io.eventcheckpoint.store.file;

import java.util.List;
import java.util.Map;

import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;

/**
 * What a replay of the journal updates beside the states ({@link JournalMerge} merges those):
 * their metadata and the lease state, starting from what the side file held.
 */
final class JournalTarget {

	final Map<String, LogMetadata> metadata;

	long lastLeaseToken;

	List<Lease> leases;

	JournalTarget(Map<String, LogMetadata> metadata, long lastLeaseToken, List<Lease> leases) {
		this.metadata = metadata;
		this.lastLeaseToken = lastLeaseToken;
		this.leases = leases;
	}

}
