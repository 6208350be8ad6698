package io.eventcheckpoint.engine;

import java.time.Duration;
import java.util.List;

/**
 * The leases on name prefixes of an engine (issue 15): while a prefix is leased, a write to a name
 * under it must carry the lease's token. Obtained from {@link CheckpointEngine#leases()}. A grant
 * or release is saved with the next flush; flush the engine to make it durable. With a
 * {@link FenceStore} (PostgreSQL) the store decides and saves it before the call returns.
 */
public final class Leases {

	private final LeaseTable table;

	private final Runnable changed;

	/** Decides grants and releases in a shared store, or {@code null} when they are decided here. */
	private final StoreFence storeFence;

	Leases(LeaseTable table, Runnable changed, StoreFence storeFence) {
		this.table = table;
		this.changed = changed;
		this.storeFence = storeFence;
	}

	/**
	 * Acquire or renew the lease on a prefix. A renewal by its holder keeps the token.
	 * @param prefix the names it covers
	 * @param holder who asks
	 * @param ttl how long it lasts, positive
	 * @return the lease, with its token
	 * @throws LeaseConflictException if another holder's live lease covers or overlaps the prefix
	 */
	public Lease acquire(String prefix, String holder, Duration ttl) {
		if (this.storeFence != null) {
			return this.storeFence.acquire(prefix, holder, ttl);
		}
		Lease lease = this.table.acquire(prefix, holder, ttl);
		this.changed.run();
		return lease;
	}

	/**
	 * Release the lease on a prefix.
	 * @param prefix its prefix
	 * @param token its current token
	 * @return the released lease, or {@code null} if the prefix has no live lease
	 * @throws LeaseConflictException if the token is not the lease's current one
	 */
	public Lease release(String prefix, String token) {
		if (this.storeFence != null) {
			return this.storeFence.release(prefix, token);
		}
		Lease lease = this.table.release(prefix, token);
		this.changed.run();
		return lease;
	}

	/** @return the live leases, sorted by prefix */
	public List<Lease> live() {
		return (this.storeFence != null) ? this.storeFence.syncLeases() : this.table.live();
	}

	/**
	 * Read the leases again from a store shared by several replicas, so that writes to names
	 * leased elsewhere are decided by the store; does nothing for a store of one replica.
	 * @throws FenceStoreException if the store cannot be read
	 */
	public void refresh() {
		if (this.storeFence != null) {
			this.storeFence.syncLeases();
		}
	}

}
