package io.eventcheckpoint.engine;

import java.util.List;

/**
 * What the engine keeps beyond the logs themselves, for a store to save and load: the counters
 * that must never go back (so versions and lease tokens are never reused) and the leases.
 *
 * @param lastVersion the highest version handed out
 * @param lastLeaseToken the highest lease token handed out
 * @param leases the leases, live or expired
 */
public record SideState(long lastVersion, long lastLeaseToken, List<Lease> leases) {

	public static final SideState EMPTY = new SideState(0, 0, List.of());

	public SideState {
		leases = List.copyOf(leases);
	}

}
