package io.eventcheckpoint.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every tracked name in Go's order, kept between flushes so that a flush looks the states up in
 * order instead of sorting them all again: sorting chased pointers through every state on each
 * comparison and took most of a flush of 100k logs.
 * <p>
 * Writers only queue new names ({@link #nameAdded}); the sort, under its own lock, merges them in
 * and drops names deleted since.
 */
final class SortedNameIndex {

	/** At most this many names added between two sorts are merged in; more mean a full sort. */
	private static final int MAX_ADDED_NAMES = 65_536;

	private final Map<String, ? extends EventLogState> states;

	private final Object sortLock = new Object();

	/**
	 * Every tracked name in Go's order (some may have been deleted since: they are skipped and
	 * dropped when read), or {@code null} until first needed. Guarded by {@link #sortLock}.
	 */
	private SortedNames sortedNames;

	/** Names added since the last sort; the next sort merges them into {@link #sortedNames}. */
	private final ConcurrentLinkedQueue<String> addedNames = new ConcurrentLinkedQueue<>();

	private final AtomicInteger addedCount = new AtomicInteger();

	/** Set once more than {@link #MAX_ADDED_NAMES} names wait: the next sort starts over from the map. */
	private volatile boolean addedOverflow;

	/**
	 * @param states the live states, read when sorting
	 * @param loaded the states loaded at start-up: if they are strictly in Go's order (as this
	 * service and the Go original write them), they are the first known order and the first flush
	 * needs no sort
	 */
	SortedNameIndex(Map<String, ? extends EventLogState> states, List<EventLogState> loaded) {
		this.states = states;
		this.sortedNames = sortedNamesOf(loaded);
	}

	/** Called after the name entered the states map, so a sort that takes it from the queue finds it. */
	void nameAdded(String name) {
		if (this.addedOverflow) {
			return;
		}
		this.addedNames.add(name);
		if (this.addedCount.incrementAndGet() > MAX_ADDED_NAMES) {
			this.addedOverflow = true;
		}
	}

	/**
	 * Every state, sorted by name in UTF-8 byte order (Go's order).
	 * @return a sorted copy
	 */
	List<EventLogState> sortedStates() {
		synchronized (this.sortLock) {
			return lookUp(current());
		}
	}

	/**
	 * Every tracked name in Go's order, without looking the states up: cheaper for callers that
	 * need only the names. It may still hold names deleted since (their lookups find nothing), and
	 * a name deleted and added again twice, side by side.
	 * @return the names; callers must not change the array
	 */
	String[] sortedNames() {
		synchronized (this.sortLock) {
			return current().names();
		}
	}

	/** The known order with every queued name merged in; called under the sort lock. */
	private SortedNames current() {
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
			return sort(names, kinds);
		}
		this.addedCount.set(0);
		List<String> added = new ArrayList<>();
		for (String name = this.addedNames.poll(); name != null; name = this.addedNames.poll()) {
			added.add(name);
		}
		if (added.isEmpty()) {
			return known;
		}
		String[] names = Arrays.copyOf(known.names(), known.names().length + added.size());
		int kinds = known.kinds();
		for (int i = 0; i < added.size(); i++) {
			names[known.names().length + i] = added.get(i);
			kinds |= NameOrder.kinds(added.get(i));
		}
		// TimSort sees the known names as one sorted run and merges the few added ones into it.
		return sort(names, kinds);
	}

	private SortedNames sort(String[] names, int kinds) {
		NameOrder.sort(names, kinds);
		SortedNames sorted = new SortedNames(names, kinds);
		this.sortedNames = sorted;
		return sorted;
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

}
