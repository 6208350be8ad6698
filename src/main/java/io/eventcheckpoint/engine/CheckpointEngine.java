package io.eventcheckpoint.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The checkpoint engine: keeps the last position of every event log in memory and flushes changes
 * to a {@link CheckpointStore} from one background thread.
 * <p>
 * Re-creates Winlogbeat's Go {@code checkpoint} package ({@code NewCheckpoint}, {@code Persist},
 * {@code States}, {@code Shutdown}) without Spring. Writers never wait for the disk: the
 * {@link PendingChanges} are swapped out for each save, and the {@link FlushWorker} retries a
 * failed one with backoff. {@link EngineLimits} keep memory bounded whatever clients send; a
 * refused write changes nothing. The threading model is in the package documentation.
 */
public final class CheckpointEngine implements AutoCloseable {

	private final CheckpointStore store;

	private final EngineSettings settings;

	private final PendingChanges pending;

	private final TrackedStates tracked;

	private final FlushWorker worker;

	private final Fleet fleet;

	private final Leases leases;

	/** Decides fenced writes in a shared store, or {@code null} when they are decided in memory. */
	private final StoreFence storeFence;

	private final AtomicBoolean shutdownStarted = new AtomicBoolean();

	/**
	 * Load the store and start the flush thread, like Go's {@code NewCheckpoint}.
	 * @param store where states are kept
	 * @param maxUpdates flush once this many updates are pending (values below 1 become 1)
	 * @param flushInterval flush once the oldest pending update is this old (at least 1 s)
	 * @throws UncheckedIOException if the store cannot be loaded
	 */
	public CheckpointEngine(CheckpointStore store, int maxUpdates, Duration flushInterval) {
		this(store, EngineSettings.of(maxUpdates, flushInterval));
	}

	/**
	 * Load the store and start the flush thread.
	 * @param store where states are kept
	 * @param settings intervals, limits, listeners and clocks
	 * @throws UncheckedIOException if the store cannot be loaded
	 */
	public CheckpointEngine(CheckpointStore store, EngineSettings settings) {
		this.store = Objects.requireNonNull(store, "store");
		this.settings = Objects.requireNonNull(settings, "settings");
		LoadedCheckpoint loaded;
		try {
			loaded = store.load();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.pending = new PendingChanges(settings.ticker());
		this.tracked = new TrackedStates(loaded, settings, this.pending, this::wakeWorker);
		this.worker = new FlushWorker(store, settings, this.pending, this.tracked::sortedStates, this.tracked::metadata,
				this.tracked::side,
				loaded.updateTime());
		this.fleet = new Fleet(this.tracked);
		this.storeFence = (store instanceof FenceStore fenceStore)
				? new StoreFence(fenceStore, this.tracked, settings) : null;
		this.leases = new Leases(this.tracked.leases(), this.worker::sideChanged, this.storeFence);
		this.worker.start();
	}

	/** Only writers call this, and only once the constructor has returned. */
	private void wakeWorker() {
		this.worker.wake();
	}

	/**
	 * Record a position; returns without waiting for the store.
	 * @param name the event log's name
	 * @param recordNumber the record number, read as unsigned 64 bits
	 * @param timestamp the record's time
	 * @return the stored state
	 * @throws IllegalStateException after {@link #shutdown()}
	 */
	public EventLogState persist(String name, long recordNumber, OffsetDateTime timestamp) {
		return persist(new EventLogState(name, recordNumber, timestamp));
	}

	/**
	 * Record a position; returns without waiting for the store.
	 * @param state the new state of its log
	 * @return the stored state
	 * @throws IllegalStateException after {@link #shutdown()}
	 */
	public EventLogState persist(EventLogState state) {
		Objects.requireNonNull(state, "state");
		persistAll(List.of(state));
		return state;
	}

	/**
	 * Record many positions at once: a flush sees all of them or none, and a refused batch changes
	 * nothing.
	 * @param batch the new states; a later entry for the same name wins
	 * @throws IllegalStateException after {@link #shutdown()}
	 * @throws TooManyLogsException if the batch would track more logs than the limit
	 * @throws TooManyPendingUpdatesException if the batch would queue more updates than the limit
	 */
	public void persistAll(Collection<EventLogState> batch) {
		List<PositionWrite> writes = new ArrayList<>(batch.size());
		batch.forEach((state) -> writes.add(PositionWrite.of(state)));
		this.tracked.persistAll(writes, WriteOptions.NONE);
	}

	/**
	 * Record positions if every entry's conditions hold, all or nothing (issue 15's fenced writes).
	 * @param writes the positions with their epochs and preconditions, one per name
	 * @param options the lease token and the backward-move rule of the request
	 * @return the metadata each entry was stored with (its new version), in order
	 * @throws PreconditionFailedException if an entry's If-Match or If-None-Match does not hold
	 * @throws BackwardMoveException if an entry would move its log backward and that is refused
	 * @throws LeaseConflictException if an entry's prefix is leased and the token is not the lease's
	 * @throws TooManyLogsException if the batch would track more logs than the limit
	 * @throws TooManyPendingUpdatesException if the batch would queue more updates than the limit
	 */
	public List<LogMetadata> write(List<PositionWrite> writes, WriteOptions options) {
		if (this.storeFence != null && !writes.isEmpty() && this.storeFence.decides(writes, options)) {
			return this.storeFence.write(writes, options);
		}
		return this.tracked.persistAll(writes, options);
	}

	/**
	 * Forget a log if its conditions hold.
	 * @param name the event log's name
	 * @param ifMatch the version it must have, or 0
	 * @param leaseToken the writer's lease token, or {@code null}
	 * @return the state it had, or {@code null} if it was not tracked
	 * @throws PreconditionFailedException if If-Match does not hold
	 * @throws LeaseConflictException if the log's prefix is leased and the token is not the lease's
	 */
	public EventLogState delete(String name, long ifMatch, String leaseToken) {
		if (this.storeFence != null && this.storeFence.decidesDelete(name, ifMatch, leaseToken)) {
			return this.storeFence.delete(name, ifMatch, leaseToken);
		}
		return this.tracked.delete(name, ifMatch, leaseToken);
	}

	/** @return the leases on name prefixes (issue 15) */
	public Leases leases() {
		return this.leases;
	}

	/**
	 * Forget a log; the next flush removes it from the store.
	 * @param name the event log's name
	 * @return the state it had, or {@code null} if it was not tracked
	 * @throws IllegalStateException after {@link #shutdown()}
	 */
	public EventLogState delete(String name) {
		return this.tracked.delete(name, 0, null);
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
	public Set<String> applyExternal(Collection<EventLogState> upserts, Collection<String> deletes) {
		return this.tracked.applyExternal(upserts, deletes, Map.of());
	}

	/**
	 * Take in changes saved by another writer, with their metadata (see
	 * {@link #applyExternal(Collection, Collection)}).
	 * @param upserts states saved elsewhere
	 * @param deletes names deleted elsewhere
	 * @param metadata the metadata of upserted names; a name missing here counts as updated now
	 * @return the names left alone because of a local change
	 */
	public Set<String> applyExternal(Collection<EventLogState> upserts, Collection<String> deletes,
			Map<String, LogMetadata> metadata) {
		return this.tracked.applyExternal(upserts, deletes, metadata);
	}

	/**
	 * The metadata of one log, such as when it was last updated.
	 * @param name the event log's name
	 * @return its metadata, or {@code null} if it is not tracked
	 */
	public LogMetadata metadata(String name) {
		return this.tracked.metadata(name);
	}

	/** @return the fleet view and the clean-up of stale logs (issue 16) */
	public Fleet fleet() {
		return this.fleet;
	}

	/** @return the wall clock of receive times, so callers measure ages against the same time */
	public Clock clock() {
		return this.settings.clock();
	}

	/**
	 * The state of one log.
	 * @param name the event log's name
	 * @return its state, or {@code null} if it is not tracked
	 */
	public EventLogState state(String name) {
		return this.tracked.state(name);
	}

	/**
	 * A snapshot of every state, reflecting every {@code persist} that has returned.
	 * @return name to state; a copy the caller may keep
	 */
	public Map<String, EventLogState> states() {
		return this.tracked.snapshot();
	}

	/**
	 * Every state, sorted by name in UTF-8 byte order (Go's order).
	 * @return a sorted copy
	 */
	public List<EventLogState> sortedStates() {
		return this.tracked.sortedStates();
	}

	/**
	 * Wait until everything accepted before this call is durable. Concurrent callers share one
	 * write (group commit).
	 * @param timeout how long to wait
	 * @throws FlushFailedException if the write failed or did not finish in time; the changes stay
	 * pending and are retried
	 */
	public void flush(Duration timeout) {
		try {
			flushAsync(timeout).get();
		}
		catch (ExecutionException ex) {
			throw (FlushFailedException) ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlushFailedException("Interrupted while waiting for a flush", ex);
		}
	}

	/**
	 * As {@link #flush(Duration)}, without blocking: a durable request frees its web server thread
	 * while the disk works.
	 * @param timeout how long the write may take
	 * @return completes once everything accepted before this call is durable, or exceptionally
	 * with a {@link FlushFailedException}
	 */
	public CompletableFuture<Void> flushAsync(Duration timeout) {
		CompletableFuture<Void> terminated = this.worker.terminated();
		CompletableFuture<Void> done = this.pending.nextFlush(terminated);
		if (done != terminated) {
			this.worker.requestFlush();
		}
		// A copy: the timeout must not complete the flush's own future, which other callers share.
		return done.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((ok, ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof TimeoutException) {
				throw new FlushFailedException("Flush to " + this.store.description() + " did not finish within "
						+ timeout, cause);
			}
			if (cause != null) {
				throw new FlushFailedException("Flush to " + this.store.description() + " failed", cause);
			}
			return null;
		});
	}

	/**
	 * Stop accepting updates, write everything accepted, and stop the flush thread. Safe to call
	 * several times and from several threads; every call returns once the final flush has ended.
	 * @return {@code true} if everything accepted is durable
	 */
	public boolean shutdown() {
		if (this.shutdownStarted.compareAndSet(false, true)) {
			this.pending.close();
			this.worker.requestShutdown();
		}
		try {
			this.worker.terminated().join();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		shutdown();
	}

	/** @return whether {@link #shutdown()} has finished */
	public boolean isTerminated() {
		return this.worker.terminated().isDone();
	}

	/** @return updates accepted since start-up */
	public long acceptedUpdates() {
		return this.tracked.acceptedUpdates();
	}

	/** @return updates accepted and not yet durable */
	public long pendingUpdates() {
		return this.pending.pendingUpdates();
	}

	/** @return how long the oldest pending update has waited, {@link Duration#ZERO} if none */
	public Duration oldestPendingAge() {
		return this.pending.oldestPendingAge();
	}

	/** @return the number of logs tracked */
	public int size() {
		return this.tracked.size();
	}

	/** @return the time of the last successful flush (or of the loaded file), or {@code null} */
	public OffsetDateTime lastSuccessfulFlush() {
		return this.worker.lastSuccessfulFlush();
	}

	/** @return the cause of the last flush failure, {@code null} once a flush succeeds again */
	public Throwable lastFailure() {
		return this.worker.lastFailure();
	}

	/** @return failed flushes since the last successful one */
	public int consecutiveFailures() {
		return this.worker.consecutiveFailures();
	}

	/** @return the settings this engine was built with (after their corrections) */
	public EngineSettings settings() {
		return this.settings;
	}

	public int maxUpdates() {
		return this.settings.maxUpdates();
	}

	public Duration flushInterval() {
		return this.settings.flushInterval();
	}

	public CheckpointStore store() {
		return this.store;
	}

	/** @return the most logs tracked, see {@link EngineSettings#maxLogs()} */
	public int maxLogs() {
		return this.tracked.limits().maxLogs();
	}

	/** @return the most updates pending, see {@link EngineSettings#maxPendingUpdates()} */
	public long maxPendingUpdates() {
		return this.tracked.limits().maxPendingUpdates();
	}

}
