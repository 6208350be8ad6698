package io.eventcheckpoint.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * The fleet view at depth 1 kept up to date on every change, so that {@code GET /fleet} reads one
 * entry per collector instead of walking every name: walking 1M names took 240-670 ms, reading
 * 100k collectors takes a few.
 * <p>
 * Per collector (the name up to and including its first {@code /}) it keeps the number of logs
 * and the newest and oldest last-update times. Count and newest follow every change exactly. The
 * oldest cannot be kept by a change that moves the oldest log forward (the next oldest is not
 * known without a sorted structure per collector, which would cost more memory than the logs), so
 * such a change, and the removal of the newest or oldest log, marks the collector stale: the next
 * read walks only that collector's names, found by binary search in the sorted names.
 * <p>
 * Threading: {@link #changed} is called inside the name's {@code compute} (its bin lock), with the
 * name's state before and after (each holds its metadata), so the changes of one name arrive in
 * order; the changes of one collector are serialized by its {@link Collector}'s monitor. Readers take each monitor only to copy its fields. A stale
 * collector's walk runs outside the monitor and is kept only if nothing changed meanwhile.
 */
final class CollectorIndex {

	private final ConcurrentSkipListMap<String, Collector> collectors = new ConcurrentSkipListMap<>(
			NameOrder.INSTANCE);

	private final Map<String, TrackedState> states;

	private final Supplier<String[]> sortedNames;

	/**
	 * @param states the live states (with their metadata) of every name, read when a stale
	 * collector is walked
	 * @param sortedNames the tracked names in Go's order (see {@link SortedNameIndex#sortedNames()})
	 */
	CollectorIndex(Map<String, TrackedState> states, Supplier<String[]> sortedNames) {
		this.states = states;
		this.sortedNames = sortedNames;
		// The loaded logs, before any writer runs.
		states.forEach((name, state) -> changed(name, null, state));
	}

	/**
	 * Take in one change of a name (and so of its metadata); called inside the name's bin lock,
	 * as the states map changes with it.
	 * @param name the log's name
	 * @param old its state before, {@code null} if it was not tracked
	 * @param now its state after, {@code null} if it is no longer tracked
	 */
	void changed(String name, TrackedState old, TrackedState now) {
		if (old == null && now == null) {
			return;
		}
		String prefix = LogGroups.prefix(name, 1);
		while (true) {
			Collector collector = (now != null && old == null)
					? this.collectors.computeIfAbsent(prefix, Collector::new) : this.collectors.get(prefix);
			if (collector == null) {
				return;
			}
			synchronized (collector) {
				if (collector.removed) {
					// Emptied and dropped between the lookup and the lock: look up its successor.
					continue;
				}
				collector.change(old, now);
				if (collector.logs == 0) {
					collector.removed = true;
					this.collectors.remove(prefix, collector);
				}
				return;
			}
		}
	}

	/**
	 * The collectors whose names a scope may read, sorted by prefix.
	 * @param scope the start every counted name must have, {@code ""} for all
	 * @return the groups
	 */
	List<LogGroup> groups(String scope) {
		return groups(scope, null, Integer.MAX_VALUE);
	}

	/**
	 * One page of the collectors whose names a scope may read, sorted by prefix.
	 * @param scope the start every counted name must have, {@code ""} for all
	 * @param after the page starts strictly after this prefix, {@code null} for the first page
	 * @param max the most groups answered
	 * @return the groups
	 */
	List<LogGroup> groups(String scope, String after, int max) {
		String holder = LogGroups.prefix(scope, 1);
		if (holder.length() < scope.length()) {
			// The scope ends inside one collector's names: only some of them count.
			LogGroup partial = walk(holder, scope);
			boolean inPage = partial != null && max > 0
					&& (after == null || NameOrder.INSTANCE.compare(partial.prefix(), after) > 0);
			return inPage ? List.of(partial) : List.of();
		}
		// Names that start with the scope are one run in Go's order; the loop stops at its end.
		NavigableMap<String, Collector> range = (after != null && NameOrder.INSTANCE.compare(after, scope) >= 0)
				? this.collectors.tailMap(after, false) : this.collectors.tailMap(scope, true);
		// No presizing: a skip list counts its entries by walking them.
		List<LogGroup> groups = new ArrayList<>();
		String[] sorted = null;
		for (Collector collector : range.values()) {
			if (!collector.prefix.startsWith(scope) || groups.size() >= max) {
				break;
			}
			LogGroup group;
			long changes;
			synchronized (collector) {
				if (collector.removed) {
					continue;
				}
				group = collector.stale ? null : collector.group();
				changes = collector.changes;
			}
			if (group == null) {
				sorted = (sorted != null) ? sorted : this.sortedNames.get();
				group = walk(sorted, collector.prefix, collector.prefix);
				synchronized (collector) {
					// Kept only if no change came in during the walk, and the walk saw every name.
					if (group != null && collector.changes == changes && collector.logs == group.logs()) {
						collector.settle(group);
					}
				}
			}
			if (group != null) {
				groups.add(group);
			}
		}
		return groups;
	}

	private LogGroup walk(String prefix, String scope) {
		return walk(this.sortedNames.get(), prefix, scope);
	}

	/** One collector's group from its names (those starting with {@code scope}), or {@code null} if none. */
	private LogGroup walk(String[] sorted, String prefix, String scope) {
		if (prefix.equals(scope) && !prefix.endsWith("/")) {
			// A name without '/' is a collector of its own; the names after it may be many.
			TrackedState state = this.states.get(prefix);
			return (state != null) ? new LogGroup(prefix, 1, state.updatedAt(), state.updatedAt()) : null;
		}
		int low = 0;
		int high = sorted.length;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (NameOrder.INSTANCE.compare(sorted[middle], scope) < 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		int end = low;
		while (end < sorted.length && sorted[end].startsWith(scope)) {
			end++;
		}
		String[] run = new String[end - low];
		System.arraycopy(sorted, low, run, 0, run.length);
		List<LogGroup> groups = LogGroups.of(run, this.states, 1, (name) -> true);
		for (LogGroup group : groups) {
			if (group.prefix().equals(prefix)) {
				return group;
			}
		}
		return null;
	}

	/** One collector's figures; every field is guarded by its monitor. */
	private static final class Collector {

		final String prefix;

		int logs;

		long newestSecond;

		int newestNano;

		long oldestSecond;

		int oldestNano;

		/** Whether the newest or oldest time may be wrong: the next read walks the names. */
		boolean stale;

		/** Counts changes, so a walk knows whether it raced with one. */
		long changes;

		/** Set when the last log left: a writer holding this instance must look up a new one. */
		boolean removed;

		Collector(String prefix) {
			this.prefix = prefix;
		}

		void change(TrackedState old, TrackedState now) {
			this.changes++;
			if (old == null) {
				this.logs++;
				if (this.logs == 1) {
					this.newestSecond = now.updatedAtSecond();
					this.newestNano = now.updatedAtNano();
					this.oldestSecond = now.updatedAtSecond();
					this.oldestNano = now.updatedAtNano();
					this.stale = false;
					return;
				}
			}
			else if (now == null) {
				this.logs--;
				if (isNewest(old) || isOldest(old)) {
					this.stale = true;
				}
				return;
			}
			boolean wasOldest = old != null && isOldest(old);
			boolean wasNewest = old != null && isNewest(old);
			if (now.compareUpdated(this.newestSecond, this.newestNano) >= 0) {
				this.newestSecond = now.updatedAtSecond();
				this.newestNano = now.updatedAtNano();
			}
			else if (wasNewest) {
				// An older time than before (taken in from another replica): the next newest is unknown.
				this.stale = true;
			}
			if (now.compareUpdated(this.oldestSecond, this.oldestNano) <= 0) {
				this.oldestSecond = now.updatedAtSecond();
				this.oldestNano = now.updatedAtNano();
			}
			else if (wasOldest) {
				this.stale = true;
			}
			if (this.logs == 1) {
				// One log: its time is both, whatever came before.
				this.newestSecond = now.updatedAtSecond();
				this.newestNano = now.updatedAtNano();
				this.oldestSecond = now.updatedAtSecond();
				this.oldestNano = now.updatedAtNano();
				this.stale = false;
			}
		}

		private boolean isNewest(TrackedState state) {
			return state.compareUpdated(this.newestSecond, this.newestNano) >= 0;
		}

		private boolean isOldest(TrackedState state) {
			return state.compareUpdated(this.oldestSecond, this.oldestNano) <= 0;
		}

		LogGroup group() {
			return new LogGroup(this.prefix, this.logs, Instant.ofEpochSecond(this.newestSecond, this.newestNano),
					Instant.ofEpochSecond(this.oldestSecond, this.oldestNano));
		}

		void settle(LogGroup group) {
			this.newestSecond = group.lastUpdate().getEpochSecond();
			this.newestNano = group.lastUpdate().getNano();
			this.oldestSecond = group.oldestUpdate().getEpochSecond();
			this.oldestNano = group.oldestUpdate().getNano();
			this.stale = false;
		}

	}

}
