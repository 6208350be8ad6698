package io.eventcheckpoint.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

import io.eventcheckpoint.engine.FlushBatch.Change;

/**
 * The changes accepted and not yet durable, and the swap that hands them to the flush thread, as
 * Kafka Connect's {@code OffsetStorageWriter} does: writers share the read lock of the swap lock;
 * only the swap, the end of a save and the merge-back of a failed one take the write lock, for a
 * few field writes. See the package documentation for what guards which field.
 */
final class PendingChanges {

	private final Ticker ticker;

	/** Writers share the read lock; the swap, the end of a save and merge-back take the write lock. */
	private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock();

	/** Name to {@link Pending}; replaced whole under the write lock, changed under the read lock. */
	private volatile ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

	/**
	 * The changes of the save in progress, empty between saves. Written only under the write lock,
	 * so a reader under the read lock never misses a change that has left {@link #pending} but is
	 * not yet in the store.
	 */
	private volatile Map<String, Pending> flushing = Map.of();

	/** Updates accepted and not yet swapped out (every update counts, as in the Go original). */
	private final AtomicLong pendingUpdates = new AtomicLong();

	/**
	 * Updates swapped out and being written. Written only under the write lock, together with
	 * {@link #pendingUpdates} (swap, merge-back) or {@link #flushing} (end of a save), so that a
	 * writer under the read lock sees a consistent sum of the two.
	 */
	private volatile long inFlightUpdates;

	/** {@link Ticker#nanoTime()} of the oldest pending update, 0 when there is none. */
	private volatile long oldestPendingNanos;

	/** Completed by the next swap-and-write; guarded by {@link #swapLock}. */
	private CompletableFuture<Void> nextFlush = new CompletableFuture<>();

	/** Written under the write lock, read under the read lock. */
	private volatile boolean accepting = true;

	PendingChanges(Ticker ticker) {
		this.ticker = ticker;
	}

	/** @return the lock every write holds while it changes the states and this map */
	Lock sharedLock() {
		return this.swapLock.readLock();
	}

	/** Called under the shared lock: throws once {@link #close()} has run. */
	void ensureAccepting() {
		if (!this.accepting) {
			throw new CheckpointClosedException();
		}
	}

	/** Refuse every write from now on; returns once no write is in progress. */
	void close() {
		this.swapLock.writeLock().lock();
		try {
			this.accepting = false;
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	/**
	 * Called under the shared lock and the name's bin lock of the states map.
	 * @param state the name's new state, which holds its receive time and metadata
	 */
	void put(String name, TrackedState state) {
		this.pending.put(name, new Pending(state, null));
	}

	/** Called under the shared lock and the name's bin lock of the states map. */
	void putDeleted(String name, Instant receivedAt) {
		this.pending.put(name, new Pending(null, receivedAt));
	}

	/**
	 * Take one pending-update slot per update, or none if that would pass the limit. Called under
	 * the shared lock.
	 * @return pending updates before these
	 */
	long reserve(int updates, long max) {
		while (true) {
			long current = this.pendingUpdates.get();
			// Updates being written count too: a failed write merges them back.
			long inFlight = this.inFlightUpdates;
			if (current + inFlight + updates > max) {
				throw new TooManyPendingUpdatesException(current + inFlight, updates, max);
			}
			if (this.pendingUpdates.compareAndSet(current, current + updates)) {
				return current;
			}
		}
	}

	/** Give back slots taken by {@link #reserve} for updates that were not applied. */
	void unreserve(int updates) {
		this.pendingUpdates.addAndGet(-updates);
	}

	/**
	 * Note updates reserved by {@link #reserve} and applied. Called under the shared lock, so no
	 * swap runs between the reservation and the stamp of the oldest update.
	 * @param before what {@link #reserve} returned
	 * @return whether the flush thread should look again: the first update, or maxUpdates reached
	 */
	boolean applied(int updates, long before, int maxUpdates) {
		if (before == 0 || this.oldestPendingNanos == 0) {
			this.oldestPendingNanos = this.ticker.nanoTime();
			return true;
		}
		long now = before + updates;
		return before < maxUpdates && now >= maxUpdates;
	}

	/**
	 * A test for names whose local change is pending or being saved; called under the shared lock,
	 * it sees every such change made before it.
	 * @return the test
	 */
	Predicate<String> localChanges() {
		Map<String, Pending> local = this.pending;
		Map<String, Pending> saving = this.flushing;
		return (name) -> local.containsKey(name) || saving.containsKey(name);
	}

	/**
	 * The future that the next swap-and-write completes.
	 * @param terminated returned instead once the engine has shut down
	 */
	CompletableFuture<Void> nextFlush(CompletableFuture<Void> terminated) {
		this.swapLock.readLock().lock();
		try {
			return terminated.isDone() ? terminated : this.nextFlush;
		}
		finally {
			this.swapLock.readLock().unlock();
		}
	}

	/** Take every pending change out for one save; the caller ends it with saved or mergeBack. */
	Swap swap() {
		this.swapLock.writeLock().lock();
		try {
			Swap swap = new Swap(this.pending, this.pendingUpdates.getAndSet(0), this.oldestPendingNanos,
					this.nextFlush);
			this.nextFlush = new CompletableFuture<>();
			this.pending = new ConcurrentHashMap<>();
			this.flushing = swap.changes;
			this.inFlightUpdates = swap.updates;
			this.oldestPendingNanos = 0;
			return swap;
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	/** The swapped changes are durable (or there were none): forget them. */
	void saved() {
		this.swapLock.writeLock().lock();
		try {
			this.flushing = Map.of();
			this.inFlightUpdates = 0;
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	/** The save failed: make the swapped changes pending again, changes accepted since winning. */
	void mergeBack(Swap swap) {
		this.swapLock.writeLock().lock();
		try {
			swap.changes.forEach(this.pending::putIfAbsent);
			this.pendingUpdates.addAndGet(swap.updates);
			this.inFlightUpdates = 0;
			this.flushing = Map.of();
			long current = this.oldestPendingNanos;
			this.oldestPendingNanos = (current == 0 || swap.oldestNanos - current < 0) ? swap.oldestNanos : current;
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	/** Fail the callers waiting for the next flush: there will be none. */
	void failWaiters(Throwable failure) {
		this.swapLock.writeLock().lock();
		try {
			this.nextFlush.completeExceptionally(failure);
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	long pendingUpdates() {
		return this.pendingUpdates.get();
	}

	/** @return {@link Ticker#nanoTime()} of the oldest pending update, 0 if none or not yet stamped */
	long oldestPendingNanos() {
		return this.oldestPendingNanos;
	}

	Duration oldestPendingAge() {
		long oldest = this.oldestPendingNanos;
		return (oldest != 0) ? Duration.ofNanos(Math.max(0, this.ticker.nanoTime() - oldest)) : Duration.ZERO;
	}

	/**
	 * Changes taken out by one swap.
	 *
	 * @param changes name to change
	 * @param updates updates they stand for
	 * @param oldestNanos ticker time of the oldest of them
	 * @param waiters completed when they are durable or the save failed
	 */
	record Swap(Map<String, Pending> changes, long updates, long oldestNanos, CompletableFuture<Void> waiters) {

		boolean isEmpty() {
			return this.changes.isEmpty() && this.updates == 0;
		}

		List<Change> toChanges() {
			List<Change> list = new ArrayList<>(this.changes.size());
			this.changes.forEach((name, change) -> list.add(change.toChange(name)));
			return list;
		}

	}

	/**
	 * A pending change: the new state (whose metadata holds when it was accepted), or for a
	 * deletion {@code null} and when it was accepted. The metadata and receive time of a state are
	 * built only when the flush hands them to the store.
	 */
	record Pending(TrackedState state, Instant deletedAt) {

		Change toChange(String name) {
			return (this.state != null) ? new Change(name, this.state, this.state.updatedAt(), this.state.metadata())
					: new Change(name, null, this.deletedAt, null);
		}

	}

}
