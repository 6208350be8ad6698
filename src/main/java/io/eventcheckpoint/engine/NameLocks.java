package io.eventcheckpoint.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-name locks, held by every local write from its checks until it is applied, so that a batch's
 * preconditions, backward-move and lease checks hold for all of its names when it is applied (all
 * or nothing) and no other writer of those names slips in between.
 * <p>
 * A write claims each of its names in a map of the names being written. Writes of different names
 * never wait for each other: a batch of 1,000 names costs two map operations per name on a small
 * map, where the 256 striped locks this replaced made every batch take nearly all stripes, so
 * batches ran one at a time. A writer that finds one of its names claimed by another gives back
 * what it holds and waits for that claim to end before it tries again, so no writer holds a name
 * while it waits and writers cannot deadlock.
 */
final class NameLocks {

	private final ConcurrentHashMap<String, Claim> claims = new ConcurrentHashMap<>(4096);

	/**
	 * Lock some names.
	 * @param names the names (a name given twice is claimed once)
	 * @return what unlocks them
	 */
	Held lock(Collection<String> names) {
		String[] taken = new String[names.size()];
		while (true) {
			Claim claim = new Claim();
			int count = 0;
			Claim blocker = null;
			for (String name : names) {
				Claim held = this.claims.putIfAbsent(name, claim);
				if (held == null) {
					taken[count++] = name;
				}
				else if (held != claim) {
					blocker = held;
					break;
				}
			}
			int claimed = count;
			if (blocker == null) {
				return () -> release(taken, claimed, claim);
			}
			// Give back what this writer holds (waking any writer waiting for it), then wait.
			release(taken, claimed, claim);
			blocker.awaitRelease();
		}
	}

	/**
	 * Lock the names of a write.
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
		while (true) {
			Claim claim = new Claim();
			Claim held = this.claims.putIfAbsent(name, claim);
			if (held == null) {
				return () -> {
					this.claims.remove(name, claim);
					claim.release();
				};
			}
			held.awaitRelease();
		}
	}

	/** @return how many names are locked now (for tests) */
	int lockedNames() {
		return this.claims.size();
	}

	private void release(String[] names, int count, Claim claim) {
		for (int i = 0; i < count; i++) {
			this.claims.remove(names[i], claim);
		}
		claim.release();
	}

	/** One write's hold on its names; others wait on its monitor until it is released. */
	private static final class Claim {

		private boolean released;

		synchronized void release() {
			this.released = true;
			notifyAll();
		}

		/** Wait until released; an interrupt is kept for the caller, as {@code Lock.lock()} does. */
		synchronized void awaitRelease() {
			boolean interrupted = false;
			while (!this.released) {
				try {
					wait();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Locks taken by {@link #lock}; closing releases them. */
	@FunctionalInterface
	interface Held extends AutoCloseable {

		@Override
		void close();

	}

}
