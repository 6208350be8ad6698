package io.eventcheckpoint.store.file;

import java.util.List;
import java.util.Map;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;

/**
 * What a replay of the journal updates: the states, their metadata and the lease state, starting
 * from what the YAML file and its side file held.
 */
final class JournalTarget {

	final Map<String, EventLogState> states;

	final Map<String, LogMetadata> metadata;

	long lastLeaseToken;

	List<Lease> leases;

	JournalTarget(Map<String, EventLogState> states, Map<String, LogMetadata> metadata, long lastLeaseToken,
			List<Lease> leases) {
		this.states = states;
		this.metadata = metadata;
		this.lastLeaseToken = lastLeaseToken;
		this.leases = leases;
	}

}
