package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@link CheckpointEngine} is built with, in one value: start from
 * {@link #of(int, Duration)} and change what differs with the {@code withX} methods.
 *
 * @param maxUpdates flush once this many updates are pending (values below 1 become 1)
 * @param flushInterval flush once the oldest pending update is this old (at least 1 s)
 * @param shutdownTimeout how long {@link CheckpointEngine#shutdown()} keeps retrying a failing final
 * flush
 * @param maxLogs most logs tracked: a new name beyond it is refused with
 * {@link TooManyLogsException}; updates and deletes of tracked names still work, and logs loaded at
 * start-up are kept even beyond it
 * @param maxPendingUpdates most updates waiting for the store, which happens while it is slow or
 * failing: beyond it every write is refused with {@link TooManyPendingUpdatesException}
 * @param flushListener told about every flush, in the flush thread
 * @param auditListener told about deletions and rewinds, in the writer's thread
 * @param clock source of {@code update_time} and receive times (wall-clock time)
 * @param ticker source of elapsed time for intervals, backoff and deadlines
 */
public record EngineSettings(int maxUpdates, Duration flushInterval, Duration shutdownTimeout, int maxLogs,
		long maxPendingUpdates, FlushListener flushListener, AuditListener auditListener, Clock clock,
		Ticker ticker) {

	private static final Logger logger = LoggerFactory.getLogger(EngineSettings.class);

	static final Duration MIN_FLUSH_INTERVAL = Duration.ofSeconds(1);

	static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	public EngineSettings {
		maxUpdates = Math.max(1, maxUpdates);
		if (flushInterval == null || flushInterval.compareTo(MIN_FLUSH_INTERVAL) < 0) {
			logger.warn("Flush interval {} is below the minimum, using {}", flushInterval, MIN_FLUSH_INTERVAL);
			flushInterval = MIN_FLUSH_INTERVAL;
		}
		Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		if (maxLogs < 1 || maxPendingUpdates < 1) {
			throw new IllegalArgumentException("Limits must be at least 1");
		}
		Objects.requireNonNull(flushListener, "flushListener");
		Objects.requireNonNull(auditListener, "auditListener");
		Objects.requireNonNull(clock, "clock");
		Objects.requireNonNull(ticker, "ticker");
	}

	/**
	 * Settings like Go's {@code NewCheckpoint(file, maxUpdates, interval)}: no limits, no listeners,
	 * the system clocks and a 30 s shutdown timeout.
	 * @param maxUpdates flush once this many updates are pending
	 * @param flushInterval flush once the oldest pending update is this old
	 * @return the settings
	 */
	public static EngineSettings of(int maxUpdates, Duration flushInterval) {
		return new EngineSettings(maxUpdates, flushInterval, DEFAULT_SHUTDOWN_TIMEOUT, Integer.MAX_VALUE,
				Long.MAX_VALUE, FlushListener.NONE, AuditListener.NONE, Clock.systemUTC(), Ticker.SYSTEM);
	}

	public EngineSettings withShutdownTimeout(Duration shutdownTimeout) {
		return new EngineSettings(this.maxUpdates, this.flushInterval, shutdownTimeout, this.maxLogs,
				this.maxPendingUpdates, this.flushListener, this.auditListener, this.clock, this.ticker);
	}

	/**
	 * Bound what clients can make the engine hold; writes that would pass a limit are refused and
	 * change nothing.
	 * @param maxLogs see {@link #maxLogs()}
	 * @param maxPendingUpdates see {@link #maxPendingUpdates()}
	 * @return changed settings
	 */
	public EngineSettings withLimits(int maxLogs, long maxPendingUpdates) {
		return new EngineSettings(this.maxUpdates, this.flushInterval, this.shutdownTimeout, maxLogs,
				maxPendingUpdates, this.flushListener, this.auditListener, this.clock, this.ticker);
	}

	public EngineSettings withFlushListener(FlushListener flushListener) {
		return new EngineSettings(this.maxUpdates, this.flushInterval, this.shutdownTimeout, this.maxLogs,
				this.maxPendingUpdates, flushListener, this.auditListener, this.clock, this.ticker);
	}

	public EngineSettings withAuditListener(AuditListener auditListener) {
		return new EngineSettings(this.maxUpdates, this.flushInterval, this.shutdownTimeout, this.maxLogs,
				this.maxPendingUpdates, this.flushListener, auditListener, this.clock, this.ticker);
	}

	public EngineSettings withClock(Clock clock) {
		return new EngineSettings(this.maxUpdates, this.flushInterval, this.shutdownTimeout, this.maxLogs,
				this.maxPendingUpdates, this.flushListener, this.auditListener, clock, this.ticker);
	}

	public EngineSettings withTicker(Ticker ticker) {
		return new EngineSettings(this.maxUpdates, this.flushInterval, this.shutdownTimeout, this.maxLogs,
				this.maxPendingUpdates, this.flushListener, this.auditListener, this.clock, ticker);
	}

}
