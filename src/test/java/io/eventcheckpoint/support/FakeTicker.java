package io.eventcheckpoint.support;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.eventcheckpoint.engine.Ticker;

/**
 * A ticker that moves only when a test {@link #advance advances} it, and then wakes the threads
 * parked on it, so engine tests check intervals and backoff without waiting in real time.
 */
public final class FakeTicker implements Ticker {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

	/** What each thread last read, to tell whether the time moved between its reading and its park. */
	private final ThreadLocal<Long> lastRead = new ThreadLocal<>();

	@Override
	public long nanoTime() {
		long now = this.nanos.get();
		this.lastRead.set(now);
		return now;
	}

	@Override
	public void parkNanos(Object blocker, long nanos) {
		Thread thread = Thread.currentThread();
		this.parked.add(thread);
		try {
			Long read = this.lastRead.get();
			// Registered first: an advance from now on unparks this thread, one before it is seen here.
			if (read != null && read == this.nanos.get()) {
				LockSupport.park(blocker);
			}
		}
		finally {
			this.parked.remove(thread);
		}
	}

	/** Move time on and wake every thread parked on this ticker. */
	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
		this.parked.forEach(LockSupport::unpark);
	}

}
