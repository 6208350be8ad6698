package io.eventcheckpoint.engine;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two limits that keep memory bounded whatever clients send: logs tracked and updates pending.
 * A write reserves its slots first and is refused whole if one would pass a limit, so a refused
 * write changes nothing.
 */
final class EngineLimits {

	private static final Logger logger = LoggerFactory.getLogger(EngineLimits.class);

	private final int maxLogs;

	private final long maxPendingUpdates;

	private final Map<String, ? extends EventLogState> states;

	private final PendingChanges pending;

	/** Logs tracked: kept beside the states map so the limit is checked and taken atomically. */
	private final AtomicInteger logCount = new AtomicInteger();

	EngineLimits(int maxLogs, long maxPendingUpdates, Map<String, ? extends EventLogState> states, PendingChanges pending) {
		this.maxLogs = maxLogs;
		this.maxPendingUpdates = maxPendingUpdates;
		this.states = states;
		this.pending = pending;
		this.logCount.set(states.size());
		if (states.size() > maxLogs) {
			logger.warn("{} logs are tracked, over the limit of {}: new names are refused until some are deleted",
					states.size(), maxLogs);
		}
	}

	int maxLogs() {
		return this.maxLogs;
	}

	long maxPendingUpdates() {
		return this.maxPendingUpdates;
	}

	/**
	 * Take one pending-update slot per update, or none if that would pass the limit.
	 * @return pending updates before these
	 * @throws TooManyPendingUpdatesException if the limit would be passed
	 */
	long reservePending(int updates) {
		return this.pending.reserve(updates, this.maxPendingUpdates);
	}

	/**
	 * Take a log slot for every name of the batch not tracked yet, or none if that would pass the
	 * limit.
	 * @return the slots taken
	 * @throws TooManyLogsException if the limit would be passed
	 */
	int reserveLogs(Collection<PositionWrite> batch) {
		int unknown = 0;
		for (PositionWrite write : batch) {
			if (!this.states.containsKey(write.state().name())) {
				unknown++;
			}
		}
		if (unknown > 1) {
			HashSet<String> names = new HashSet<>();
			for (PositionWrite write : batch) {
				if (!this.states.containsKey(write.state().name())) {
					names.add(write.state().name());
				}
			}
			unknown = names.size();
		}
		if (unknown == 0) {
			return 0;
		}
		while (true) {
			int current = this.logCount.get();
			if ((long) current + unknown > this.maxLogs) {
				throw new TooManyLogsException(current, unknown, this.maxLogs);
			}
			if (this.logCount.compareAndSet(current, current + unknown)) {
				return unknown;
			}
		}
	}

	/** Give back log slots reserved and not used (another writer created those names first). */
	void releaseLogs(int slots) {
		this.logCount.addAndGet(-slots);
	}

	/** A log was added without a reservation: saved elsewhere, or re-created after a deletion. */
	void logAdded() {
		this.logCount.incrementAndGet();
	}

	void logRemoved() {
		this.logCount.decrementAndGet();
	}

}
