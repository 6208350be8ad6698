package io.eventcheckpoint.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine's source of elapsed time: flush interval, age of the oldest pending update, retry
 * backoff and the shutdown deadline. Tests pass a fake one and advance it instead of sleeping.
 * <p>
 * The flush thread waits for the next deadline with {@link #parkNanos}, so a fake ticker must also
 * wake the threads parked on it when it is advanced. A wake-up may come early or spuriously: the
 * caller reads the time again and parks again if it is not yet due.
 */
public interface Ticker {

	/** {@link System#nanoTime()} and {@link LockSupport#parkNanos(Object, long)}. */
	Ticker SYSTEM = new Ticker() {

		@Override
		public long nanoTime() {
			return System.nanoTime();
		}

	};

	/**
	 * The current time, only meaningful as a difference between two readings.
	 * @return nanoseconds from an arbitrary origin
	 */
	long nanoTime();

	/**
	 * Park the calling thread until this ticker has advanced by about {@code nanos}, it is unparked,
	 * or it wakes spuriously.
	 * @param blocker the object the thread waits for, shown in thread dumps
	 * @param nanos how long to wait at most, in this ticker's time
	 */
	default void parkNanos(Object blocker, long nanos) {
		LockSupport.parkNanos(blocker, nanos);
	}

}
