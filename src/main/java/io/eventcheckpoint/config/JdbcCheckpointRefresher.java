package io.eventcheckpoint.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.store.postgres.JdbcCheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps one replica's in-memory positions up to date with what other replicas save: every
 * {@code checkpoint.jdbc.refresh-interval} it reads the rows saved since the last read and hands
 * them to the engine. Once an hour it also removes tombstones older than
 * {@code checkpoint.jdbc.tombstone-retention}.
 * <p>
 * Runs between the engine and the web server: started after the engine has loaded, before traffic;
 * stopped after traffic, before the engine's final flush. Every failure is caught (an escaped
 * exception would silently cancel the schedule) and logged once per outage.
 */
public class JdbcCheckpointRefresher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JdbcCheckpointRefresher.class);

	/** Between the engine's phase ({@code START_STOP_LIFECYCLE_PHASE - 1024}) and the web server's. */
	static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 512;

	private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

	private final JdbcCheckpointStore store;

	private final JdbcCheckpointStore.Sink sink;

	private final Duration interval;

	private final Duration tombstoneRetention;

	private final Clock clock;

	/** Reads the leases again, so writes to names leased on other replicas go to the database. */
	private final Runnable leaseRefresh;

	private volatile ScheduledExecutorService executor;

	private volatile boolean failing;

	private long nextPurgeNanos = System.nanoTime();

	/**
	 * Create a refresher; nothing runs until {@link #start()}.
	 * @param store the shared store
	 * @param sink where changes go, normally {@code CheckpointEngine::applyExternal}
	 * @param interval the pause between two reads
	 * @param tombstoneRetention how long tombstones are kept
	 * @param clock the time source for tombstone ages
	 */
	public JdbcCheckpointRefresher(JdbcCheckpointStore store, JdbcCheckpointStore.Sink sink, Duration interval,
			Duration tombstoneRetention, Clock clock) {
		this(store, sink, interval, tombstoneRetention, clock, () -> {
		});
	}

	/**
	 * Create a refresher that also reads the leases again each time.
	 * @param store the shared store
	 * @param sink where changes go, normally {@code CheckpointEngine::applyExternal}
	 * @param interval the pause between two reads
	 * @param tombstoneRetention how long tombstones are kept
	 * @param clock the time source for tombstone ages
	 * @param leaseRefresh reads the leases again, normally {@code engine.leases()::refresh}
	 */
	public JdbcCheckpointRefresher(JdbcCheckpointStore store, JdbcCheckpointStore.Sink sink, Duration interval,
			Duration tombstoneRetention, Clock clock, Runnable leaseRefresh) {
		this.leaseRefresh = Objects.requireNonNull(leaseRefresh, "leaseRefresh");
		this.store = Objects.requireNonNull(store, "store");
		this.sink = Objects.requireNonNull(sink, "sink");
		this.interval = Objects.requireNonNull(interval, "interval");
		this.tombstoneRetention = Objects.requireNonNull(tombstoneRetention, "tombstoneRetention");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "checkpoint-refresh");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = scheduler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		this.executor = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
			try {
				scheduler.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void refreshQuietly() {
		try {
			this.store.refresh(this.sink);
			this.leaseRefresh.run();
			purgeWhenDue();
			if (this.failing) {
				this.failing = false;
				logger.info("Reading changes of other replicas from {} works again", this.store.description());
			}
		}
		catch (Throwable ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Reading changes of other replicas from {} failed; retrying every {}: {}",
						this.store.description(), this.interval, ex.toString());
			}
			else {
				logger.debug("Reading changes of other replicas failed again", ex);
			}
		}
	}

	private void purgeWhenDue() throws java.io.IOException {
		long now = System.nanoTime();
		if (now - this.nextPurgeNanos < 0) {
			return;
		}
		int removed = this.store.purgeTombstones(this.clock.instant().minus(this.tombstoneRetention));
		this.nextPurgeNanos = now + PURGE_INTERVAL.toNanos();
		if (removed > 0) {
			logger.info("Removed {} tombstones of logs deleted more than {} ago", removed, this.tombstoneRetention);
		}
	}

}
