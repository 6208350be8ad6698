package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stamps each accepted change with its receive time, which decides between replicas sharing a
 * store: the change received last wins. Stamps never go backwards, even if the clock is stepped
 * back, so a newer change never loses to an older one.
 */
final class ReceiveTimes {

	private final Clock clock;

	/** Nanoseconds since the epoch of the last stamp handed out. */
	private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

	ReceiveTimes(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The next receive time: the clock's reading, or one nanosecond after the last stamp if the
	 * clock has not moved past it. Callers take it under the name's bin lock so that, per name, the
	 * order of stamps is the order in which changes were applied.
	 * @return the receive time
	 */
	Instant next() {
		Instant now = this.clock.instant();
		long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
		long stamped = this.lastNanos.updateAndGet((last) -> Math.max(last + 1, nanos));
		return (stamped == nanos) ? now : Instant.ofEpochSecond(0, stamped);
	}

}
