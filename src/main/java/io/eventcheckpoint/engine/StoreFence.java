package io.eventcheckpoint.engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes fenced writes and lease changes to a {@link FenceStore}, which decides them for every
 * replica at once, and then shows the result in this engine's memory.
 * <p>
 * Only writes whose outcome depends on what is stored go there: unconditional writes to names
 * under no known lease keep the in-memory path. The local {@link LeaseTable} is a mirror of the
 * store's leases, updated on every grant or release here and on every {@link #syncLeases()}; a
 * write to a name the mirror shows leased is decided by the store, so a stale mirror can only
 * send a write to the store needlessly, or (for a lease granted on another replica since the last
 * sync) let a tokenless write take the unconditional path.
 */
final class StoreFence {

	private final FenceStore store;

	private final TrackedStates tracked;

	private final Clock clock;

	private final AuditListener audit;

	StoreFence(FenceStore store, TrackedStates tracked, EngineSettings settings) {
		this.store = store;
		this.tracked = tracked;
		this.clock = settings.clock();
		this.audit = settings.auditListener();
	}

	/** Whether the outcome of a write depends on stored versions, positions or leases. */
	boolean decides(List<PositionWrite> writes, WriteOptions options) {
		if (options.leaseToken() != null || (options.rejectBackward() && !options.rewind())) {
			return true;
		}
		LeaseTable leases = this.tracked.leases();
		for (PositionWrite write : writes) {
			if (write.ifMatch() != 0 || write.ifNoneMatch() || leases.covers(write.state().name())) {
				return true;
			}
		}
		return false;
	}

	boolean decidesDelete(String name, long ifMatch, String leaseToken) {
		return ifMatch != 0 || leaseToken != null || this.tracked.leases().covers(name);
	}

	List<LogMetadata> write(List<PositionWrite> writes, WriteOptions options) {
		List<EventLogState> previous = new ArrayList<>(writes.size());
		List<LogMetadata> previousMeta = new ArrayList<>(writes.size());
		writes.forEach((write) -> {
			previous.add(this.tracked.state(write.state().name()));
			previousMeta.add(this.tracked.metadata(write.state().name()));
		});
		List<LogMetadata> stored;
		try {
			stored = this.store.writeFenced(writes, options, now());
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
		catch (LeaseConflictException ex) {
			throw learnLeases(ex);
		}
		List<EventLogState> states = new ArrayList<>(writes.size());
		Map<String, LogMetadata> metadata = new java.util.HashMap<>();
		for (int i = 0; i < writes.size(); i++) {
			states.add(writes.get(i).state());
			metadata.put(writes.get(i).state().name(), stored.get(i));
		}
		this.tracked.applyDecided(states, Set.of(), metadata);
		for (int i = 0; i < writes.size(); i++) {
			EventLogState before = previous.get(i);
			LogMetadata beforeMeta = previousMeta.get(i);
			if (before != null && WriteFence.isBackward(writes.get(i), before, (beforeMeta != null) ? beforeMeta.epoch() : 0)) {
				EventLogState after = writes.get(i).state();
				quietly(() -> this.audit.rewound(before, after));
			}
		}
		return stored;
	}

	EventLogState delete(String name, long ifMatch, String leaseToken) {
		EventLogState previous = this.tracked.state(name);
		boolean deleted;
		try {
			deleted = this.store.deleteFenced(name, ifMatch, leaseToken, now());
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
		catch (LeaseConflictException ex) {
			throw learnLeases(ex);
		}
		this.tracked.applyDecided(List.of(), Set.of(name), Map.of());
		if (deleted && previous != null) {
			quietly(() -> this.audit.deleted(previous));
		}
		return deleted ? previous : null;
	}

	Lease acquire(String prefix, String holder, Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		try {
			Lease lease = this.store.acquireLease(prefix, holder, ttl, now());
			syncLeases();
			return lease;
		}
		catch (LeaseConflictException ex) {
			throw learnLeases(ex);
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
	}

	Lease release(String prefix, String token) {
		try {
			Lease lease = this.store.releaseLease(prefix, token, now());
			syncLeases();
			return lease;
		}
		catch (LeaseConflictException ex) {
			throw learnLeases(ex);
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
	}

	/** Read the live leases from the store into the local mirror. */
	List<Lease> syncLeases() {
		try {
			List<Lease> live = this.store.liveLeases(now());
			this.tracked.leases().mirror(live);
			return live;
		}
		catch (IOException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * A refusal by a lease this replica may not know yet: read the leases again, so the next write
	 * to its names is decided by the store too.
	 */
	private LeaseConflictException learnLeases(LeaseConflictException ex) {
		try {
			syncLeases();
		}
		catch (FenceStoreException syncFailed) {
			ex.addSuppressed(syncFailed);
		}
		return ex;
	}

	/** Microseconds: what a {@code timestamptz} keeps, so a time read back compares equal. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static FenceStoreException unavailable(IOException ex) {
		return new FenceStoreException("The store could not decide the fenced change; nothing was applied: "
				+ ex.getMessage(), ex);
	}

	private static void quietly(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			// An audit failure must not turn an applied write into an error.
		}
	}

}
