package io.eventcheckpoint.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by name, held by every local write from its checks until it is applied, so that a
 * batch's preconditions, backward-move and lease checks hold for all of its names when it is
 * applied (all or nothing) and no other writer slips in between. Stripes are taken in ascending
 * order, so writers cannot deadlock. An uncontended stripe costs one compare-and-set.
 */
final class NameLocks {

	private static final int STRIPES = 256;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	NameLocks() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	/**
	 * Lock the stripes of some names.
	 * @param names the names
	 * @return what unlocks them
	 */
	Held lock(Collection<String> names) {
		if (names.size() == 1) {
			ReentrantLock lock = this.stripes[stripe(names.iterator().next())];
			lock.lock();
			return lock::unlock;
		}
		boolean[] wanted = new boolean[STRIPES];
		for (String name : names) {
			wanted[stripe(name)] = true;
		}
		int[] taken = new int[STRIPES];
		int count = 0;
		for (int i = 0; i < STRIPES; i++) {
			if (wanted[i]) {
				this.stripes[i].lock();
				taken[count++] = i;
			}
		}
		int[] held = Arrays.copyOf(taken, count);
		return () -> {
			for (int i = held.length - 1; i >= 0; i--) {
				this.stripes[held[i]].unlock();
			}
		};
	}

	/**
	 * Lock the stripes of the names of a write.
	 * @param batch the write's entries
	 * @return what unlocks them
	 */
	Held lockWrites(List<PositionWrite> batch) {
		if (batch.size() == 1) {
			return lock(batch.get(0).state().name());
		}
		List<String> names = new ArrayList<>(batch.size());
		batch.forEach((write) -> names.add(write.state().name()));
		return lock(names);
	}

	Held lock(String name) {
		ReentrantLock lock = this.stripes[stripe(name)];
		lock.lock();
		return lock::unlock;
	}

	private static int stripe(String name) {
		int hash = name.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/** Locks taken by {@link #lock}; closing releases them. */
	@FunctionalInterface
	interface Held extends AutoCloseable {

		@Override
		void close();

	}

}
