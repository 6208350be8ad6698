package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint engine: keeps the last position of every event log in memory and flushes changes
 * to a {@link CheckpointStore} from one background thread.
 * <p>
 * Re-creates Winlogbeat's Go {@code checkpoint} package ({@code NewCheckpoint}, {@code Persist},
 * {@code States}, {@code Shutdown}) without Spring. Writers never wait for the disk: a flush swaps
 * the map of pending changes out under a short write lock (as Kafka Connect's
 * {@code OffsetStorageWriter} does) and writes it without holding any lock. A failed flush merges
 * its changes back, newer values winning, and is retried with backoff; the flush thread catches
 * everything, so it cannot die.
 * <p>
 * Two optional limits keep memory bounded whatever clients send: the number of logs tracked
 * ({@link TooManyLogsException} for a new name beyond it) and the number of pending updates, which
 * grows only while the store is slow or failing ({@link TooManyPendingUpdatesException}). A refused
 * write changes nothing.
 */
public final class CheckpointEngine implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointEngine.class);

	/** Marks a deleted name in the pending map. */
	private static final Object DELETED = new Object();

	private static final Duration MIN_FLUSH_INTERVAL = Duration.ofSeconds(1);

	private static final Duration INITIAL_RETRY_BACKOFF = Duration.ofMillis(200);

	private static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

	/** At most this many names added between two sorts are merged in; more mean a full sort. */
	private static final int MAX_ADDED_NAMES = 65_536;

	private final CheckpointStore store;

	private final int maxUpdates;

	private final Duration flushInterval;

	private final Duration shutdownTimeout;

	private final FlushListener listener;

	private final Clock clock;

	private final ConcurrentHashMap<String, EventLogState> states;

	/** Logs tracked: kept beside {@link #states} so the limit is checked and taken atomically. */
	private final AtomicInteger logCount = new AtomicInteger();

	private volatile int maxLogs = Integer.MAX_VALUE;

	private volatile long maxPendingUpdates = Long.MAX_VALUE;

	private volatile AuditListener auditListener = AuditListener.NONE;

	/**
	 * Every tracked name in Go's order (some may have been deleted since: they are skipped and
	 * dropped when read), or {@code null} until first needed. Lets a flush look the states up in
	 * order instead of sorting them all again. Guarded by {@link #sortLock}.
	 */
	private SortedNames sortedNames;

	private final Object sortLock = new Object();

	/** Names added since the last sort; the next sort merges them into {@link #sortedNames}. */
	private final ConcurrentLinkedQueue<String> addedNames = new ConcurrentLinkedQueue<>();

	private final AtomicInteger addedCount = new AtomicInteger();

	/** Set once more than {@link #MAX_ADDED_NAMES} names wait: the next sort starts over from the map. */
	private volatile boolean addedOverflow;

	/** Pending changes: name to {@link Pending}. Swapped out whole by the flush thread. */
	private volatile ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

	/**
	 * The changes of the save in progress, empty between saves. Written under the write lock of
	 * {@link #swapLock} when set, so {@link #applyExternal} (under the read lock) never misses a
	 * change that has left {@link #pending} but is not yet in the store.
	 */
	private volatile Map<String, Pending> flushing = Map.of();

	/** Updates accepted and not yet durable (every update counts, as in the Go original). */
	private final AtomicLong pendingUpdates = new AtomicLong();

	/** Updates swapped out and being written; changed with {@link #pendingUpdates} under the write lock. */
	private volatile long inFlightUpdates;

	/** {@link System#nanoTime()} of the oldest pending update, 0 when there is none. */
	private volatile long oldestPendingNanos;

	/** Persists share the read lock; only the swap of {@link #pending} takes the write lock. */
	private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock();

	/** Completed by the next swap-and-write; guarded by {@link #swapLock}. */
	private CompletableFuture<Void> nextFlush = new CompletableFuture<>();

	private volatile boolean flushRequested;

	private volatile boolean accepting = true;

	private volatile boolean shutdownRequested;

	private final AtomicBoolean shutdownStarted = new AtomicBoolean();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private final LongAdder acceptedUpdates = new LongAdder();

	/** Nanoseconds since the epoch of the last receive time handed out; see {@link #receivedAt()}. */
	private final AtomicLong lastReceivedNanos = new AtomicLong(Long.MIN_VALUE);

	private volatile OffsetDateTime lastSuccessfulFlush;

	private volatile Throwable lastFailure;

	private volatile int consecutiveFailures;

	/** {@link System#nanoTime()} at which to retry after a failure, 0 when not failing. */
	private volatile long retryAtNanos;

	private final Thread worker;

	/**
	 * Load the store and start the flush thread, like Go's {@code NewCheckpoint}.
	 * @param store where states are kept
	 * @param maxUpdates flush once this many updates are pending (values below 1 become 1)
	 * @param flushInterval flush once the oldest pending update is this old (at least 1 s)
	 * @throws java.io.UncheckedIOException if the store cannot be loaded
	 */
	public CheckpointEngine(CheckpointStore store, int maxUpdates, Duration flushInterval) {
		this(store, maxUpdates, flushInterval, Duration.ofSeconds(30), FlushListener.NONE, Clock.systemUTC());
	}

	/**
	 * Load the store and start the flush thread.
	 * @param store where states are kept
	 * @param maxUpdates flush once this many updates are pending (values below 1 become 1)
	 * @param flushInterval flush once the oldest pending update is this old (at least 1 s)
	 * @param shutdownTimeout how long {@link #shutdown()} keeps retrying a failing final flush
	 * @param listener told about every flush
	 * @param clock source of {@code update_time} and receive times
	 */
	public CheckpointEngine(CheckpointStore store, int maxUpdates, Duration flushInterval, Duration shutdownTimeout,
			FlushListener listener, Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.maxUpdates = Math.max(1, maxUpdates);
		if (flushInterval == null || flushInterval.compareTo(MIN_FLUSH_INTERVAL) < 0) {
			logger.warn("Flush interval {} is below the minimum, using {}", flushInterval, MIN_FLUSH_INTERVAL);
			flushInterval = MIN_FLUSH_INTERVAL;
		}
		this.flushInterval = flushInterval;
		this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.clock = Objects.requireNonNull(clock, "clock");
		LoadedCheckpoint loaded;
		try {
			loaded = store.load();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		// Sized for what was loaded: growing a map of 100k logs step by step cost a third of start-up.
		this.states = new ConcurrentHashMap<>(Math.max(16, loaded.states().size()));
		for (EventLogState state : loaded.states()) {
			this.states.put(state.name(), state);
		}
		this.sortedNames = sortedNamesOf(loaded.states());
		this.logCount.set(this.states.size());
		this.lastSuccessfulFlush = loaded.updateTime();
		this.worker = new Thread(this::runWorker, "checkpoint-flush");
		this.worker.setDaemon(true);
		this.worker.start();
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
		List<EventLogState[]> rewinds = null;
		this.swapLock.readLock().lock();
		try {
			ensureAccepting();
			if (batch.isEmpty()) {
				return;
			}
			long before = reservePending(batch.size());
			int[] newLogs = new int[1];
			try {
				newLogs[0] = reserveLogs(batch);
			}
			catch (TooManyLogsException ex) {
				this.pendingUpdates.addAndGet(-batch.size());
				throw ex;
			}
			// Both limits are taken: nothing below can fail.
			for (EventLogState state : batch) {
				EventLogState previous = put(state, newLogs);
				if (previous != null && Long.compareUnsigned(state.recordNumber(), previous.recordNumber()) < 0) {
					rewinds = (rewinds != null) ? rewinds : new ArrayList<>();
					rewinds.add(new EventLogState[] { previous, state });
				}
			}
			if (newLogs[0] > 0) {
				// Another writer created some of these names first.
				this.logCount.addAndGet(-newLogs[0]);
			}
			counted(batch.size(), before);
		}
		finally {
			this.swapLock.readLock().unlock();
		}
		if (rewinds != null) {
			AuditListener audit = this.auditListener;
			for (EventLogState[] rewind : rewinds) {
				audit(() -> audit.rewound(rewind[0], rewind[1]));
			}
		}
	}

	/**
	 * Forget a log; the next flush removes it from the store.
	 * @param name the event log's name
	 * @return the state it had, or {@code null} if it was not tracked
	 * @throws IllegalStateException after {@link #shutdown()}
	 */
	public EventLogState delete(String name) {
		EventLogState[] previous = new EventLogState[1];
		this.swapLock.readLock().lock();
		try {
			ensureAccepting();
			if (!this.states.containsKey(name)) {
				return null;
			}
			long before = reservePending(1);
			this.states.computeIfPresent(name, (key, old) -> {
				previous[0] = old;
				this.pending.put(key, new Pending(DELETED, receivedAt()));
				return null;
			});
			if (previous[0] != null) {
				this.logCount.decrementAndGet();
				counted(1, before);
			}
			else {
				this.pendingUpdates.decrementAndGet();
			}
		}
		finally {
			this.swapLock.readLock().unlock();
		}
		if (previous[0] != null) {
			AuditListener audit = this.auditListener;
			audit(() -> audit.deleted(previous[0]));
		}
		return previous[0];
	}

	/**
	 * Store one state.
	 * @param newLogs log slots reserved by {@link #reserveLogs}; a new name takes one
	 * @return the state it replaced, or {@code null} for a new name
	 */
	private EventLogState put(EventLogState state, int[] newLogs) {
		EventLogState[] previous = new EventLogState[1];
		// compute() holds the name's bin lock, so the pending change always matches the state.
		this.states.compute(state.name(), (key, old) -> {
			previous[0] = old;
			if (old == null) {
				if (newLogs[0] > 0) {
					newLogs[0]--;
				}
				else {
					// Tracked when reserved, deleted since: the deletion freed the slot it takes back.
					this.logCount.incrementAndGet();
				}
			}
			this.pending.put(key, new Pending(state, receivedAt()));
			return state;
		});
		if (previous[0] == null) {
			nameAdded(state.name());
		}
		return previous[0];
	}

	/** Called after compute() returned, so a sort that takes the name from the queue finds it in the map. */
	private void nameAdded(String name) {
		if (this.addedOverflow) {
			return;
		}
		this.addedNames.add(name);
		if (this.addedCount.incrementAndGet() > MAX_ADDED_NAMES) {
			this.addedOverflow = true;
		}
	}

	/**
	 * Take one pending-update slot per update, or none if that would pass the limit.
	 * @return pending updates before these
	 */
	private long reservePending(int updates) {
		long max = this.maxPendingUpdates;
		while (true) {
			long current = this.pendingUpdates.get();
			// Updates being written count too: a failed write merges them back.
			if (current + this.inFlightUpdates + updates > max) {
				throw new TooManyPendingUpdatesException(current + this.inFlightUpdates, updates, max);
			}
			if (this.pendingUpdates.compareAndSet(current, current + updates)) {
				return current;
			}
		}
	}

	/**
	 * Take a log slot for every name of the batch not tracked yet, or none if that would pass the
	 * limit.
	 * @return the slots taken
	 */
	private int reserveLogs(Collection<EventLogState> batch) {
		int unknown = 0;
		for (EventLogState state : batch) {
			if (!this.states.containsKey(state.name())) {
				unknown++;
			}
		}
		if (unknown > 1) {
			HashSet<String> names = new HashSet<>();
			for (EventLogState state : batch) {
				if (!this.states.containsKey(state.name())) {
					names.add(state.name());
				}
			}
			unknown = names.size();
		}
		if (unknown == 0) {
			return 0;
		}
		int max = this.maxLogs;
		while (true) {
			int current = this.logCount.get();
			if ((long) current + unknown > max) {
				throw new TooManyLogsException(current, unknown, max);
			}
			if (this.logCount.compareAndSet(current, current + unknown)) {
				return unknown;
			}
		}
	}

	/** Count updates already reserved by {@link #reservePending} and wake the flush thread if due. */
	private void counted(int updates, long before) {
		this.acceptedUpdates.add(updates);
		long now = before + updates;
		if (before == 0 || this.oldestPendingNanos == 0) {
			// The flush swap takes the write lock, so no swap runs while this writer holds the read lock.
			this.oldestPendingNanos = System.nanoTime();
			LockSupport.unpark(this.worker);
		}
		else if (before < this.maxUpdates && now >= this.maxUpdates) {
			LockSupport.unpark(this.worker);
		}
	}

	private void audit(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Audit listener failed", ex);
		}
	}

	/**
	 * The receive time of a change, taken under the name's bin lock so that, per name, the order
	 * of receive times is the order in which changes were applied. Never earlier than the last one
	 * (a clock stepped back must not make a newer change lose to an older one in a shared store).
	 */
	private Instant receivedAt() {
		Instant now = this.clock.instant();
		long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
		long stamped = this.lastReceivedNanos.updateAndGet((last) -> Math.max(last + 1, nanos));
		return (stamped == nanos) ? now : Instant.ofEpochSecond(0, stamped);
	}

	/**
	 * Bound what clients can make this engine hold. Writes that would pass a limit are refused
	 * and change nothing; logs loaded at start-up are kept even beyond the limit.
	 * @param maxLogs most logs tracked: a new name beyond it is refused with
	 * {@link TooManyLogsException}; updates and deletes of tracked names still work
	 * @param maxPendingUpdates most updates waiting for the store, which happens while it is slow
	 * or failing: beyond it every write is refused with {@link TooManyPendingUpdatesException}
	 */
	public void setLimits(int maxLogs, long maxPendingUpdates) {
		if (maxLogs < 1 || maxPendingUpdates < 1) {
			throw new IllegalArgumentException("Limits must be at least 1");
		}
		this.maxLogs = maxLogs;
		this.maxPendingUpdates = maxPendingUpdates;
		if (this.logCount.get() > maxLogs) {
			logger.warn("{} logs are tracked, over the limit of {}: new names are refused until some are deleted",
					this.logCount.get(), maxLogs);
		}
	}

	/**
	 * Be told about deletions and rewinds, in the writer's thread once the change is accepted.
	 * @param listener the listener, or {@link AuditListener#NONE}
	 */
	public void setAuditListener(AuditListener listener) {
		this.auditListener = Objects.requireNonNull(listener, "listener");
	}

	/** @return the most logs tracked, see {@link #setLimits} */
	public int maxLogs() {
		return this.maxLogs;
	}

	/** @return the most updates pending, see {@link #setLimits} */
	public long maxPendingUpdates() {
		return this.maxPendingUpdates;
	}

	private void ensureAccepting() {
		if (!this.accepting) {
			throw new CheckpointClosedException();
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
	public Set<String> applyExternal(Collection<EventLogState> upserts, Collection<String> deletes) {
		Set<String> skipped = new HashSet<>();
		this.swapLock.readLock().lock();
		try {
			Map<String, Pending> local = this.pending;
			Map<String, Pending> saving = this.flushing;
			boolean[] added = new boolean[1];
			for (EventLogState state : upserts) {
				// compute() holds the name's bin lock, as put() does: a concurrent persist is either
				// already pending here or happens after this and wins.
				added[0] = false;
				this.states.compute(state.name(), (name, old) -> {
					if (local.containsKey(name) || saving.containsKey(name)) {
						skipped.add(name);
						return old;
					}
					if (old == null) {
						// Saved elsewhere already: taken in even beyond the limit, which guards new writes.
						this.logCount.incrementAndGet();
						added[0] = true;
					}
					return state;
				});
				if (added[0]) {
					nameAdded(state.name());
				}
			}
			for (String name : deletes) {
				this.states.compute(name, (key, old) -> {
					if (local.containsKey(key) || saving.containsKey(key)) {
						skipped.add(key);
						return old;
					}
					if (old != null) {
						this.logCount.decrementAndGet();
					}
					return null;
				});
			}
		}
		finally {
			this.swapLock.readLock().unlock();
		}
		return skipped;
	}

	/**
	 * The state of one log.
	 * @param name the event log's name
	 * @return its state, or {@code null} if it is not tracked
	 */
	public EventLogState state(String name) {
		return this.states.get(name);
	}

	/**
	 * A snapshot of every state, reflecting every {@code persist} that has returned.
	 * @return name to state; a copy the caller may keep
	 */
	public Map<String, EventLogState> states() {
		return Map.copyOf(this.states);
	}

	/**
	 * Every state, sorted by name in UTF-8 byte order (Go's order).
	 * @return a sorted copy
	 */
	public List<EventLogState> sortedStates() {
		synchronized (this.sortLock) {
			SortedNames known = this.sortedNames;
			if (known == null || this.addedOverflow) {
				// Start over: forget the queue first, so every name added from now on is queued or seen here.
				this.addedOverflow = false;
				this.addedNames.clear();
				this.addedCount.set(0);
				String[] names = this.states.keySet().toArray(new String[0]);
				int kinds = 0;
				for (String name : names) {
					kinds |= NameOrder.kinds(name);
				}
				return sortAndLookUp(names, kinds);
			}
			this.addedCount.set(0);
			List<String> added = new ArrayList<>();
			for (String name = this.addedNames.poll(); name != null; name = this.addedNames.poll()) {
				added.add(name);
			}
			if (added.isEmpty()) {
				// No name came: look the states up in the known order. Sorting them all chased
				// pointers through every state on each comparison and took most of a flush.
				return lookUp(known);
			}
			String[] names = Arrays.copyOf(known.names(), known.names().length + added.size());
			int kinds = known.kinds();
			for (int i = 0; i < added.size(); i++) {
				names[known.names().length + i] = added.get(i);
				kinds |= NameOrder.kinds(added.get(i));
			}
			// TimSort sees the known names as one sorted run and merges the few added ones into it.
			return sortAndLookUp(names, kinds);
		}
	}

	private List<EventLogState> sortAndLookUp(String[] names, int kinds) {
		NameOrder.sort(names, kinds);
		SortedNames sorted = new SortedNames(names, kinds);
		this.sortedNames = sorted;
		return lookUp(sorted);
	}

	/** The current states in the known order; drops deleted and repeated names from that order. */
	private List<EventLogState> lookUp(SortedNames known) {
		String[] names = known.names();
		List<EventLogState> sorted = new ArrayList<>(names.length);
		String previous = null;
		for (String name : names) {
			// A name deleted and added again is in the known order and in the queue: equal names are adjacent.
			if (!name.equals(previous)) {
				EventLogState state = this.states.get(name);
				if (state != null) {
					sorted.add(state);
				}
				previous = name;
			}
		}
		if (sorted.size() != names.length) {
			String[] live = new String[sorted.size()];
			for (int i = 0; i < live.length; i++) {
				live[i] = sorted.get(i).name();
			}
			this.sortedNames = new SortedNames(live, known.kinds());
		}
		return sorted;
	}

	/**
	 * Wait until everything accepted before this call is durable. Concurrent callers share one
	 * write (group commit).
	 * @param timeout how long to wait
	 * @throws FlushFailedException if the write failed or did not finish in time; the changes stay
	 * pending and are retried
	 */
	public void flush(Duration timeout) {
		CompletableFuture<Void> done;
		this.swapLock.readLock().lock();
		try {
			if (this.terminated.isDone()) {
				done = this.terminated;
			}
			else {
				done = this.nextFlush;
			}
		}
		finally {
			this.swapLock.readLock().unlock();
		}
		if (done != this.terminated) {
			this.flushRequested = true;
			LockSupport.unpark(this.worker);
		}
		try {
			done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw new FlushFailedException("Flush to " + this.store.description() + " failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new FlushFailedException("Flush to " + this.store.description() + " did not finish within "
					+ timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FlushFailedException("Interrupted while waiting for a flush", ex);
		}
	}

	/**
	 * Stop accepting updates, write everything accepted, and stop the flush thread. Safe to call
	 * several times and from several threads; every call returns once the final flush has ended.
	 * @return {@code true} if everything accepted is durable
	 */
	public boolean shutdown() {
		if (this.shutdownStarted.compareAndSet(false, true)) {
			this.swapLock.writeLock().lock();
			try {
				this.accepting = false;
			}
			finally {
				this.swapLock.writeLock().unlock();
			}
			this.shutdownRequested = true;
			LockSupport.unpark(this.worker);
		}
		try {
			this.terminated.join();
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
		return this.terminated.isDone();
	}

	/** @return updates accepted since start-up */
	public long acceptedUpdates() {
		return this.acceptedUpdates.sum();
	}

	/** @return updates accepted and not yet durable */
	public long pendingUpdates() {
		return this.pendingUpdates.get();
	}

	/** @return how long the oldest pending update has waited, {@link Duration#ZERO} if none */
	public Duration oldestPendingAge() {
		long oldest = this.oldestPendingNanos;
		return (oldest != 0) ? Duration.ofNanos(Math.max(0, System.nanoTime() - oldest)) : Duration.ZERO;
	}

	/** @return the number of logs tracked */
	public int size() {
		return this.states.size();
	}

	/** @return the time of the last successful flush (or of the loaded file), or {@code null} */
	public OffsetDateTime lastSuccessfulFlush() {
		return this.lastSuccessfulFlush;
	}

	/** @return the cause of the last flush failure, {@code null} once a flush succeeds again */
	public Throwable lastFailure() {
		return this.lastFailure;
	}

	/** @return failed flushes since the last successful one */
	public int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	public int maxUpdates() {
		return this.maxUpdates;
	}

	public Duration flushInterval() {
		return this.flushInterval;
	}

	public CheckpointStore store() {
		return this.store;
	}

	private void runWorker() {
		try {
			FlushTrigger trigger;
			while ((trigger = awaitTrigger()) != FlushTrigger.SHUTDOWN) {
				flushOnce(trigger);
			}
			finalFlush();
		}
		catch (Throwable ex) {
			// flushOnce catches everything; this is a last resort so waiters never hang.
			logger.error("Checkpoint flush thread stopped unexpectedly", ex);
			this.terminated.completeExceptionally(ex);
		}
	}

	private FlushTrigger awaitTrigger() {
		long intervalNanos = this.flushInterval.toNanos();
		while (true) {
			if (this.shutdownRequested) {
				return FlushTrigger.SHUTDOWN;
			}
			if (this.flushRequested) {
				return FlushTrigger.DURABLE;
			}
			long now = System.nanoTime();
			long retryAt = this.retryAtNanos;
			if (this.pendingUpdates.get() == 0) {
				LockSupport.park(this);
			}
			else if (retryAt != 0) {
				if (retryAt - now <= 0) {
					return FlushTrigger.INTERVAL;
				}
				LockSupport.parkNanos(this, retryAt - now);
			}
			else if (this.pendingUpdates.get() >= this.maxUpdates) {
				return FlushTrigger.MAX_UPDATES;
			}
			else {
				long oldest = this.oldestPendingNanos;
				if (oldest == 0) {
					// A writer is between counting and stamping; it unparks this thread.
					LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
				}
				else if (now - oldest >= intervalNanos) {
					return FlushTrigger.INTERVAL;
				}
				else {
					LockSupport.parkNanos(this, intervalNanos - (now - oldest));
				}
			}
		}
	}

	private void finalFlush() {
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		while (!flushOnce(FlushTrigger.SHUTDOWN)) {
			long wait = this.retryAtNanos - System.nanoTime();
			if (System.nanoTime() - deadline >= 0 || wait > deadline - System.nanoTime()) {
				String message = this.pendingUpdates.get() + " accepted updates could not be written to "
						+ this.store.description() + " before shutdown";
				logger.error(message, this.lastFailure);
				IllegalStateException failure = new IllegalStateException(message, this.lastFailure);
				failPendingWaiters(failure);
				this.terminated.completeExceptionally(failure);
				closeStore();
				return;
			}
			LockSupport.parkNanos(this, Math.max(0, wait));
		}
		closeStore();
		this.terminated.complete(null);
	}

	private void failPendingWaiters(Throwable failure) {
		this.swapLock.writeLock().lock();
		try {
			this.nextFlush.completeExceptionally(failure);
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	private void closeStore() {
		try {
			this.store.close();
		}
		catch (Exception ex) {
			logger.warn("Closing {} failed", this.store.description(), ex);
		}
	}

	/**
	 * Swap the pending changes out and write them.
	 * @return whether everything swapped out is durable
	 */
	private boolean flushOnce(FlushTrigger trigger) {
		ConcurrentHashMap<String, Pending> swapped;
		long updates;
		long oldest;
		CompletableFuture<Void> waiters;
		this.swapLock.writeLock().lock();
		try {
			this.flushRequested = false;
			waiters = this.nextFlush;
			this.nextFlush = new CompletableFuture<>();
			swapped = this.pending;
			this.pending = new ConcurrentHashMap<>();
			this.flushing = swapped;
			updates = this.pendingUpdates.getAndSet(0);
			this.inFlightUpdates = updates;
			oldest = this.oldestPendingNanos;
			this.oldestPendingNanos = 0;
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
		if (swapped.isEmpty() && updates == 0) {
			// Nothing changed: no write. Every earlier write has finished, so all is durable.
			this.flushing = Map.of();
			this.inFlightUpdates = 0;
			waiters.complete(null);
			return true;
		}
		long start = System.nanoTime();
		try {
			OffsetDateTime updateTime = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
			List<Change> changes = new ArrayList<>(swapped.size());
			swapped.forEach((name, change) -> changes.add(change.toChange(name)));
			long bytes = this.store.save(new FlushBatch(updateTime, changes, this::sortedStates));
			this.flushing = Map.of();
			this.inFlightUpdates = 0;
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			this.lastSuccessfulFlush = updateTime;
			this.lastFailure = null;
			this.consecutiveFailures = 0;
			this.retryAtNanos = 0;
			waiters.complete(null);
			notifySucceeded(trigger, took, bytes, updates);
			return true;
		}
		catch (Throwable ex) {
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			mergeBack(swapped, updates, oldest);
			this.flushing = Map.of();
			int failures = ++this.consecutiveFailures;
			this.lastFailure = ex;
			Duration backoff = backoff(failures);
			this.retryAtNanos = System.nanoTime() + backoff.toNanos();
			logger.error("Flush of {} updates to {} failed ({} in a row), retrying in {} ms: {}", updates,
					this.store.description(), failures, backoff.toMillis(), ex.toString(), ex);
			waiters.completeExceptionally(ex);
			notifyFailed(trigger, took, ex);
			return false;
		}
	}

	private void mergeBack(Map<String, Pending> swapped, long updates, long oldest) {
		this.swapLock.writeLock().lock();
		try {
			// Changes accepted since the swap are newer: they win.
			swapped.forEach(this.pending::putIfAbsent);
			this.pendingUpdates.addAndGet(updates);
			this.inFlightUpdates = 0;
			long current = this.oldestPendingNanos;
			this.oldestPendingNanos = (current == 0 || oldest - current < 0) ? oldest : current;
		}
		finally {
			this.swapLock.writeLock().unlock();
		}
	}

	private Duration backoff(int failures) {
		Duration cap = (this.flushInterval.compareTo(MAX_RETRY_BACKOFF) > 0) ? this.flushInterval : MAX_RETRY_BACKOFF;
		long millis = INITIAL_RETRY_BACKOFF.toMillis() << Math.min(failures - 1, 20);
		return Duration.ofMillis(Math.min(millis, cap.toMillis()));
	}

	private void notifySucceeded(FlushTrigger trigger, Duration took, long bytes, long updates) {
		try {
			this.listener.flushSucceeded(trigger, took, bytes, updates);
		}
		catch (RuntimeException ex) {
			logger.warn("Flush listener failed", ex);
		}
	}

	private void notifyFailed(FlushTrigger trigger, Duration took, Throwable cause) {
		try {
			this.listener.flushFailed(trigger, took, cause);
		}
		catch (RuntimeException ex) {
			logger.warn("Flush listener failed", ex);
		}
	}

	/**
	 * The loaded names as the first known order, if the file listed them strictly in Go's order
	 * (it does when this service or the Go original wrote it), so the first flush needs no sort.
	 */
	private static SortedNames sortedNamesOf(List<EventLogState> loaded) {
		String[] names = new String[loaded.size()];
		int kinds = 0;
		for (int i = 0; i < names.length; i++) {
			names[i] = loaded.get(i).name();
			kinds |= NameOrder.kinds(names[i]);
			if (i > 0 && NameOrder.INSTANCE.compare(names[i - 1], names[i]) >= 0) {
				return null;
			}
		}
		return new SortedNames(names, kinds);
	}

	/** Names in Go's order and the {@link NameOrder#kinds} of all of them. */
	private record SortedNames(String[] names, int kinds) {
	}

	/** A pending change: a state or {@link #DELETED}, and when it was accepted. */
	private record Pending(Object value, Instant receivedAt) {

		Change toChange(String name) {
			return new Change(name, (this.value == DELETED) ? null : (EventLogState) this.value, this.receivedAt);
		}

	}

}
