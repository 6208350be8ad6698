package io.eventcheckpoint.engine;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the store: waits for a trigger (max updates, the interval, a
 * durable flush, shutdown), swaps the pending changes out and saves them, backs off and retries
 * after a failure, and runs the final flush. It catches every Throwable, as Kafka Connect's
 * {@code SourceTaskOffsetCommitter} does, so it cannot die and leave waiters hanging.
 */
final class FlushWorker {

	private static final Logger logger = LoggerFactory.getLogger(FlushWorker.class);

	private static final Duration INITIAL_RETRY_BACKOFF = Duration.ofMillis(200);

	private static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

	/** How long to wait for a writer that has counted its update but not yet stamped its time. */
	private static final long STAMP_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final CheckpointStore store;

	private final EngineSettings settings;

	private final Ticker ticker;

	private final PendingChanges pending;

	private final Supplier<List<EventLogState>> snapshot;

	private final Function<String, LogMetadata> metadata;

	private final Supplier<SideState> side;

	private final Thread thread;

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private volatile boolean flushRequested;

	/** Set when leases changed: the next flush saves even if no log changed. */
	private volatile boolean sideChanged;

	private volatile boolean shutdownRequested;

	private volatile OffsetDateTime lastSuccessfulFlush;

	/** Written by this thread only; volatile for the readers of health and metrics. */
	private volatile Throwable lastFailure;

	private volatile int consecutiveFailures;

	/** {@link Ticker#nanoTime()} at which to retry after a failure, 0 when not failing. */
	private volatile long retryAtNanos;

	FlushWorker(CheckpointStore store, EngineSettings settings, PendingChanges pending,
			Supplier<List<EventLogState>> snapshot, Function<String, LogMetadata> metadata, Supplier<SideState> side,
			OffsetDateTime loadedUpdateTime) {
		this.store = store;
		this.settings = settings;
		this.ticker = settings.ticker();
		this.pending = pending;
		this.snapshot = snapshot;
		this.metadata = metadata;
		this.side = side;
		this.lastSuccessfulFlush = loadedUpdateTime;
		this.thread = new Thread(this::run, "checkpoint-flush");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/** Look at the pending updates again: a first update or maxUpdates reached. */
	void wake() {
		LockSupport.unpark(this.thread);
	}

	/** Save soon even without pending changes: the counters or leases changed. */
	void sideChanged() {
		this.sideChanged = true;
		requestFlush();
	}

	/** Flush now, for a caller of {@link CheckpointEngine#flush}. */
	void requestFlush() {
		this.flushRequested = true;
		LockSupport.unpark(this.thread);
	}

	/** Run the final flush and stop; writers must already be refused. */
	void requestShutdown() {
		this.shutdownRequested = true;
		LockSupport.unpark(this.thread);
	}

	/** @return completed once the final flush has ended, exceptionally if it failed */
	CompletableFuture<Void> terminated() {
		return this.terminated;
	}

	OffsetDateTime lastSuccessfulFlush() {
		return this.lastSuccessfulFlush;
	}

	Throwable lastFailure() {
		return this.lastFailure;
	}

	int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	private void run() {
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
		long intervalNanos = this.settings.flushInterval().toNanos();
		while (true) {
			if (this.shutdownRequested) {
				return FlushTrigger.SHUTDOWN;
			}
			if (this.flushRequested) {
				return FlushTrigger.DURABLE;
			}
			long now = this.ticker.nanoTime();
			long retryAt = this.retryAtNanos;
			if (this.pending.pendingUpdates() == 0) {
				// Nothing to time: the first update wakes this thread.
				LockSupport.park(this);
			}
			else if (retryAt != 0) {
				if (retryAt - now <= 0) {
					return FlushTrigger.INTERVAL;
				}
				this.ticker.parkNanos(this, retryAt - now);
			}
			else if (this.pending.pendingUpdates() >= this.settings.maxUpdates()) {
				return FlushTrigger.MAX_UPDATES;
			}
			else {
				long oldest = this.pending.oldestPendingNanos();
				if (oldest == 0) {
					// A writer is between counting and stamping; it unparks this thread.
					LockSupport.parkNanos(this, STAMP_WAIT_NANOS);
				}
				else if (now - oldest >= intervalNanos) {
					return FlushTrigger.INTERVAL;
				}
				else {
					this.ticker.parkNanos(this, intervalNanos - (now - oldest));
				}
			}
		}
	}

	private void finalFlush() {
		long deadline = this.ticker.nanoTime() + this.settings.shutdownTimeout().toNanos();
		while (!flushOnce(FlushTrigger.SHUTDOWN)) {
			long now = this.ticker.nanoTime();
			long wait = this.retryAtNanos - now;
			if (now - deadline >= 0 || wait > deadline - now) {
				String message = this.pending.pendingUpdates() + " accepted updates could not be written to "
						+ this.store.description() + " before shutdown";
				logger.error(message, this.lastFailure);
				IllegalStateException failure = new IllegalStateException(message, this.lastFailure);
				this.pending.failWaiters(failure);
				this.terminated.completeExceptionally(failure);
				closeStore();
				return;
			}
			this.ticker.parkNanos(this, Math.max(0, wait));
		}
		closeStore();
		this.terminated.complete(null);
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
		// Cleared before the swap: a caller that asks after this is served by this swap or the next.
		this.flushRequested = false;
		boolean side = this.sideChanged;
		this.sideChanged = false;
		PendingChanges.Swap swap = this.pending.swap();
		if (swap.isEmpty() && !side) {
			// Nothing changed: no write. Every earlier write has finished, so all is durable.
			this.pending.saved();
			swap.waiters().complete(null);
			return true;
		}
		long start = this.ticker.nanoTime();
		try {
			OffsetDateTime updateTime = OffsetDateTime.now(this.settings.clock()).withOffsetSameInstant(ZoneOffset.UTC);
			long bytes = this.store.save(new FlushBatch(updateTime, swap.toChanges(), this.snapshot, this.metadata, this.side));
			this.pending.saved();
			Duration took = Duration.ofNanos(this.ticker.nanoTime() - start);
			this.lastSuccessfulFlush = updateTime;
			this.lastFailure = null;
			this.consecutiveFailures = 0;
			this.retryAtNanos = 0;
			swap.waiters().complete(null);
			notifySucceeded(trigger, took, bytes, swap.updates());
			return true;
		}
		catch (Throwable ex) {
			Duration took = Duration.ofNanos(this.ticker.nanoTime() - start);
			this.pending.mergeBack(swap);
			this.sideChanged |= side;
			int failures = ++this.consecutiveFailures;
			this.lastFailure = ex;
			Duration backoff = backoff(failures);
			this.retryAtNanos = this.ticker.nanoTime() + backoff.toNanos();
			logger.error("Flush of {} updates to {} failed ({} in a row), retrying in {} ms: {}", swap.updates(),
					this.store.description(), failures, backoff.toMillis(), ex.toString(), ex);
			swap.waiters().completeExceptionally(ex);
			notifyFailed(trigger, took, ex);
			return false;
		}
	}

	private Duration backoff(int failures) {
		Duration interval = this.settings.flushInterval();
		Duration cap = (interval.compareTo(MAX_RETRY_BACKOFF) > 0) ? interval : MAX_RETRY_BACKOFF;
		long millis = INITIAL_RETRY_BACKOFF.toMillis() << Math.min(failures - 1, 20);
		return Duration.ofMillis(Math.min(millis, cap.toMillis()));
	}

	private void notifySucceeded(FlushTrigger trigger, Duration took, long bytes, long updates) {
		try {
			this.settings.flushListener().flushSucceeded(trigger, took, bytes, updates);
		}
		catch (RuntimeException ex) {
			logger.warn("Flush listener failed", ex);
		}
	}

	private void notifyFailed(FlushTrigger trigger, Duration took, Throwable cause) {
		try {
			this.settings.flushListener().flushFailed(trigger, took, cause);
		}
		catch (RuntimeException ex) {
			logger.warn("Flush listener failed", ex);
		}
	}

}
