package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;


/**
 * The state of every tracked log and every change to it: local writes (made pending, checked
 * against the limits, stamped with their receive time, told to the audit listener) and changes
 * saved by other replicas (taken in without becoming pending).
 * <p>
 * Each change holds the shared lock of {@link PendingChanges} and the name's bin lock of the map
 * ({@code compute}), so the pending change of a name always matches its state. A name's state and
 * metadata (receive time, version, epoch) live in its {@link StateSlot}, changed in place, in one write.
 */
final class TrackedStates {

	/** Every tracked name's slot, and the slots seen as states (each lookup copies a slot). */
	private final ConcurrentHashMap<String, StateSlot> slots;

	private final Map<String, TrackedState> states;

	private final Clock clock;

	/** The highest version handed out: every accepted change takes the next one. */
	private final AtomicLong versions;

	private final NameLocks locks = new NameLocks();

	private final WriteFence fence;

	private final PendingChanges pending;

	private final EngineLimits limits;

	private final SortedNameIndex names;

	/** The fleet view at depth 1: every change of {@link #states} goes through it, inside the name's compute. */
	private final CollectorIndex collectors;

	private final ReceiveTimes receiveTimes;

	private final AuditListener auditListener;

	private final int maxUpdates;

	/** Tells the flush thread to look again; see {@link PendingChanges#applied}. */
	private final Runnable wakeWorker;

	private final LongAdder acceptedUpdates = new LongAdder();

	TrackedStates(LoadedCheckpoint checkpoint, EngineSettings settings, PendingChanges pending,
			Runnable wakeWorker) {
		List<EventLogState> loaded = checkpoint.states();
		// Sized for what was loaded: growing a map of 100k logs step by step cost a third of start-up.
		this.slots = new ConcurrentHashMap<>(Math.max(16, loaded.size()));
		this.states = StateSlot.view(this.slots);
		this.clock = settings.clock();
		this.versions = new AtomicLong(MetadataLoader.load(checkpoint, this.slots, this.clock));
		this.fence = new WriteFence(new LeaseTable(this.clock, checkpoint.side().leases(),
				checkpoint.side().lastLeaseToken()));
		this.pending = pending;
		this.limits = new EngineLimits(settings.maxLogs(), settings.maxPendingUpdates(), this.states, pending);
		this.names = new SortedNameIndex(this.states, loaded);
		this.collectors = new CollectorIndex(this.states, this.names::sortedNames);
		this.receiveTimes = new ReceiveTimes(settings.clock());
		this.auditListener = new FailSafeAuditListener(settings.auditListener());
		this.maxUpdates = settings.maxUpdates();
		this.wakeWorker = wakeWorker;
	}

	/**
	 * Record many positions at once, if every entry's conditions hold: a flush sees all of them or
	 * none, and a refused batch changes nothing.
	 * @param batch the new positions, one per name
	 * @param options the request's lease token and backward-move rule
	 * @return the metadata each entry was stored with (its new version), in order
	 * @throws IllegalStateException after {@link CheckpointEngine#shutdown()}
	 * @throws PreconditionFailedException if an entry's If-Match or If-None-Match does not hold
	 * @throws FencedWriteException if an entry moves backward or its prefix is leased to another
	 * @throws TooManyLogsException if the batch would track more logs than the limit
	 * @throws TooManyPendingUpdatesException if the batch would queue more updates than the limit
	 */
	List<LogMetadata> persistAll(List<PositionWrite> batch, WriteOptions options) {
		List<EventLogState[]> rewinds = null;
		List<LogMetadata> written = new ArrayList<>(batch.size());
		Lock shared = this.pending.sharedLock();
		shared.lock();
		try (NameLocks.Held held = this.locks.lockWrites(batch)) {
			this.pending.ensureAccepting();
			if (batch.isEmpty()) {
				return written;
			}
			this.fence.check(batch, options, this.states);
			long before = this.limits.reservePending(batch.size());
			int[] newLogs = new int[1];
			try {
				newLogs[0] = this.limits.reserveLogs(batch);
			}
			catch (TooManyLogsException ex) {
				this.pending.unreserve(batch.size());
				throw ex;
			}
			// Both limits are taken: nothing below can fail.
			TrackedState[] previous = new TrackedState[2];
			for (PositionWrite write : batch) {
				written.add(put(write, newLogs, previous).metadata());
				if (previous[0] != null && WriteFence.isBackward(write, previous[0], previous[0].epoch())) {
					rewinds = (rewinds != null) ? rewinds : new ArrayList<>();
					rewinds.add(new EventLogState[] { previous[0], write.state() });
				}
			}
			if (newLogs[0] > 0) {
				// Another writer created some of these names first.
				this.limits.releaseLogs(newLogs[0]);
			}
			applied(batch.size(), before);
		}
		finally {
			shared.unlock();
		}
		if (rewinds != null) {
			for (EventLogState[] rewind : rewinds) {
				this.auditListener.rewound(rewind[0], rewind[1]);
			}
		}
		return written;
	}

	/**
	 * Forget a log; the next flush removes it from the store.
	 * @param name the event log's name
	 * @return the state it had, or {@code null} if it was not tracked
	 * @throws IllegalStateException after {@link CheckpointEngine#shutdown()}
	 */
	EventLogState delete(String name, long ifMatch, String leaseToken) {
		EventLogState[] previous = new EventLogState[1];
		Lock shared = this.pending.sharedLock();
		shared.lock();
		try (NameLocks.Held held = this.locks.lock(name)) {
			this.pending.ensureAccepting();
			TrackedState stored = this.states.get(name);
			this.fence.checkDelete(name, ifMatch, leaseToken, (stored != null) ? stored.metadata() : null);
			if (stored == null) {
				return null;
			}
			long before = this.limits.reservePending(1);
			this.slots.computeIfPresent(name, (key, slot) -> {
				TrackedState old = StateSlot.readForChange(slot);
				previous[0] = old;
				this.pending.putDeleted(key, this.receiveTimes.next());
				this.collectors.changed(key, old, null);
				return null;
			});
			if (previous[0] != null) {
				this.limits.logRemoved();
				applied(1, before);
			}
			else {
				this.pending.unreserve(1);
			}
		}
		finally {
			shared.unlock();
		}
		if (previous[0] != null) {
			this.auditListener.deleted(previous[0]);
		}
		return previous[0];
	}

	/**
	 * Store one state.
	 * @param newLogs log slots reserved by {@link EngineLimits#reserveLogs}; a new name takes one
	 * @param previous receives the state it replaced ({@code null} for a new name), then the new one
	 * @return the state stored, with its new metadata
	 */
	private TrackedState put(PositionWrite write, int[] newLogs, TrackedState[] previous) {
		EventLogState state = write.state();
		// compute() holds the name's bin lock, so the pending change always matches the state.
		this.slots.compute(state.name(), (key, slot) -> {
			TrackedState old = StateSlot.readForChange(slot);
			previous[0] = old;
			if (old == null) {
				if (newLogs[0] > 0) {
					newLogs[0]--;
				}
				else {
					// Tracked when reserved, deleted since: the deletion freed the slot it takes back.
					this.limits.logAdded();
				}
			}
			TrackedState now = new TrackedState(state, old, this.receiveTimes.next(), this.versions.incrementAndGet(),
					write.epoch());
			// Keyed by the name string the state keeps, so the pending entry holds no request's copy either.
			this.pending.put(now.name(), now);
			this.collectors.changed(now.name(), old, now);
			previous[1] = now;
			return StateSlot.store(slot, now);
		});
		if (previous[0] == null) {
			this.names.nameAdded(state.name());
		}
		return previous[1];
	}

	/** Count updates already reserved and wake the flush thread if due. */
	private void applied(int updates, long before) {
		this.acceptedUpdates.add(updates);
		if (this.pending.applied(updates, before, this.maxUpdates)) {
			this.wakeWorker.run();
		}
	}

	/**
	 * Take in changes that another writer (a replica sharing the store) has saved, without making
	 * them pending. Names with a local change that is pending or being saved are left alone: their
	 * own save decides between the two (a shared store keeps the change received last), and the
	 * store reports the loser so that it can be read back.
	 * @param upserts states saved elsewhere
	 * @param deletes names deleted elsewhere
	 * @return the names left alone because of a local change
	 */
	Set<String> applyExternal(Collection<EventLogState> upserts, Collection<String> deletes,
			Map<String, LogMetadata> external) {
		return apply(upserts, deletes, external, false);
	}

	/** Show changes a {@link FenceStore} saved, over local ones (whose later save loses, see the store). */
	void applyDecided(Collection<EventLogState> upserts, Collection<String> deletes, Map<String, LogMetadata> stored) {
		apply(upserts, deletes, stored, true);
	}

	private Set<String> apply(Collection<EventLogState> upserts, Collection<String> deletes,
			Map<String, LogMetadata> external, boolean force) {
		LogMetadata learnedNow = new LogMetadata(this.clock.instant());
		Set<String> skipped = new HashSet<>();
		Lock shared = this.pending.sharedLock();
		shared.lock();
		try {
			Predicate<String> local = force ? (name) -> false : this.pending.localChanges();
			boolean[] added = new boolean[1];
			for (EventLogState state : upserts) {
				// compute() holds the name's bin lock, as put() does: a concurrent persist is either
				// already pending here or happens after this and wins.
				added[0] = false;
				this.slots.compute(state.name(), (name, slot) -> {
					if (local.test(name)) {
						skipped.add(name);
						return slot;
					}
					TrackedState old = StateSlot.readForChange(slot);
					if (old == null) {
						// Saved elsewhere already: taken in even beyond the limit, which guards new writes.
						this.limits.logAdded();
						added[0] = true;
					}
					TrackedState now = new TrackedState(state, external.getOrDefault(name, learnedNow));
					this.collectors.changed(name, old, now);
					return StateSlot.store(slot, now);
				});
				if (added[0]) {
					this.names.nameAdded(state.name());
				}
			}
			for (String name : deletes) {
				this.slots.compute(name, (key, slot) -> {
					if (local.test(key)) {
						skipped.add(key);
						return slot;
					}
					TrackedState old = StateSlot.readForChange(slot);
					if (old != null) {
						this.limits.logRemoved();
					}
					this.collectors.changed(key, old, null);
					return null;
				});
			}
		}
		finally {
			shared.unlock();
		}
		return skipped;
	}

	/**
	 * Forget the named logs that were not updated since a time, deciding per name under its bin
	 * lock, so a log updated after the caller listed it is kept. The caller writes one audit line.
	 * @param names the candidates
	 * @param cutoff logs last updated before this are deleted
	 * @return the states deleted
	 * @throws TooManyPendingUpdatesException if the deletions would queue more updates than the
	 * limit; nothing is deleted then
	 */
	List<EventLogState> deleteNotUpdatedSince(Collection<String> names, Instant cutoff) {
		List<EventLogState> deleted = new ArrayList<>();
		Lock shared = this.pending.sharedLock();
		shared.lock();
		try {
			this.pending.ensureAccepting();
			if (names.isEmpty()) {
				return deleted;
			}
			long before = this.limits.reservePending(names.size());
			for (String name : names) {
				try (NameLocks.Held held = this.locks.lock(name)) {
					this.slots.computeIfPresent(name, (key, slot) -> {
						TrackedState old = StateSlot.readForChange(slot);
						if (!old.updatedBefore(cutoff)) {
							return slot;
						}
						deleted.add(old);
						this.pending.putDeleted(key, this.receiveTimes.next());
						this.collectors.changed(key, old, null);
						return null;
					});
				}
			}
			for (int i = 0; i < deleted.size(); i++) {
				this.limits.logRemoved();
			}
			if (names.size() > deleted.size()) {
				this.pending.unreserve(names.size() - deleted.size());
			}
			if (!deleted.isEmpty()) {
				applied(deleted.size(), before);
			}
		}
		finally {
			shared.unlock();
		}
		return deleted;
	}

	/** @return the metadata of a tracked name, a view built from its state; {@code null} if not tracked */
	LogMetadata metadata(String name) {
		TrackedState state = this.states.get(name);
		return (state != null) ? state.metadata() : null;
	}

	/** @return the live states, each with its metadata: a read-only view whose lookups copy a slot */
	Map<String, TrackedState> statesView() {
		return this.states;
	}

	/** @return the counters and leases, for a snapshot store */
	SideState side() {
		return new SideState(this.versions.get(), this.fence.leases().lastToken(), this.fence.leases().live());
	}

	CollectorIndex collectors() {
		return this.collectors;
	}

	LeaseTable leases() {
		return this.fence.leases();
	}

	EventLogState state(String name) {
		return this.states.get(name);
	}

	Map<String, EventLogState> snapshot() {
		return Map.<String, EventLogState>copyOf(this.states);
	}

	List<EventLogState> sortedStates() {
		return this.names.sortedStates();
	}

	String[] sortedNames() {
		return this.names.sortedNames();
	}

	int size() {
		return this.slots.size();
	}

	long acceptedUpdates() {
		return this.acceptedUpdates.sum();
	}

	EngineLimits limits() {
		return this.limits;
	}

}
