package io.eventcheckpoint.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock shared by several replicas in one test: every reading is a distinct microsecond later
 * than the one before (the resolution PostgreSQL keeps), so the order of receive times is the
 * order in which writes were accepted. Each thread can ask for the last time it read, which is
 * the receive time of the write it just made.
 */
public final class TickingClock extends Clock {

	private final AtomicLong lastMicros = new AtomicLong();

	private final ThreadLocal<Instant> lastOnThisThread = new ThreadLocal<>();

	@Override
	public Instant instant() {
		Instant now = Instant.now();
		long nowMicros = TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1000;
		long micros = this.lastMicros.updateAndGet((previous) -> Math.max(previous + 1, nowMicros));
		Instant instant = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
		this.lastOnThisThread.set(instant);
		return instant;
	}

	/**
	 * The last reading taken by the calling thread.
	 * @return the instant, or {@code null}
	 */
	public Instant lastOnThisThread() {
		return this.lastOnThisThread.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

}
