package io.eventcheckpoint.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leases on name prefixes, as AWS KCL fences checkpoints with a lease counter: one holder per
 * prefix, and a fencing token per grant that is never reused (a counter that survives restarts).
 * <p>
 * Live leases never overlap (no live lease's prefix starts another's), so at most one covers a
 * name. Grants and releases are serialized by this object's monitor; a write's check reads the
 * sorted map without locking.
 */
final class LeaseTable {

	private final Clock clock;

	private final ConcurrentSkipListMap<String, Lease> leases = new ConcurrentSkipListMap<>(NameOrder.INSTANCE);

	private final AtomicLong lastToken;

	LeaseTable(Clock clock, Collection<Lease> loaded, long lastToken) {
		this.clock = clock;
		long highest = lastToken;
		for (Lease lease : loaded) {
			this.leases.put(lease.prefix(), lease);
			highest = Math.max(highest, tokenNumber(lease.token()));
		}
		this.lastToken = new AtomicLong(highest);
	}

	/**
	 * Grant or renew a lease.
	 * @param prefix the names it covers
	 * @param holder who asks
	 * @param ttl how long it lasts, positive
	 * @return the lease
	 * @throws LeaseConflictException if another holder's live lease covers the prefix or overlaps it
	 */
	synchronized Lease acquire(String prefix, String holder, Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		Instant now = this.clock.instant();
		Lease current = this.leases.get(prefix);
		if (current != null && current.liveAt(now)) {
			if (!current.holder().equals(holder)) {
				throw new LeaseConflictException(prefix, prefix, "Prefix '" + prefix + "' is leased by '"
						+ current.holder() + "' until " + current.expiresAt() + ".");
			}
			// A renewal keeps the token, so writes in flight with it stay valid.
			Lease renewed = new Lease(prefix, holder, current.token(), now.plus(ttl));
			this.leases.put(prefix, renewed);
			return renewed;
		}
		for (Lease other : this.leases.values()) {
			if (other.liveAt(now) && !other.prefix().equals(prefix)
					&& (other.prefix().startsWith(prefix) || prefix.startsWith(other.prefix()))) {
				throw new LeaseConflictException(prefix, other.prefix(), "Prefix '" + prefix
						+ "' overlaps prefix '" + other.prefix() + "', leased by '" + other.holder() + "' until "
						+ other.expiresAt() + ".");
			}
		}
		Lease granted = new Lease(prefix, holder, Long.toString(this.lastToken.incrementAndGet()), now.plus(ttl));
		this.leases.put(prefix, granted);
		return granted;
	}

	/**
	 * Release a lease.
	 * @param prefix its prefix
	 * @param token its current token
	 * @return the released lease, or {@code null} if the prefix has no live lease
	 * @throws LeaseConflictException if the token is not the lease's
	 */
	synchronized Lease release(String prefix, String token) {
		Lease current = this.leases.get(prefix);
		if (current == null || !current.liveAt(this.clock.instant())) {
			this.leases.remove(prefix);
			return null;
		}
		if (!current.token().equals(token)) {
			throw new LeaseConflictException(prefix, prefix,
					"The token does not hold the lease on '" + prefix + "' (expired or superseded).");
		}
		this.leases.remove(prefix);
		return current;
	}

	/**
	 * Check that a write to a name may happen.
	 * @param name the log's name
	 * @param token the token the writer sent, or {@code null}
	 * @throws LeaseConflictException if a live lease covers the name and the token is not its, or
	 * a token was sent that no live lease covering the name holds (expired or superseded)
	 */
	void checkWrite(String name, String token) {
		if (this.leases.isEmpty() && token == null) {
			return;
		}
		Lease lease = covering(name);
		if (lease != null && !lease.token().equals(token)) {
			throw new LeaseConflictException(name, lease.prefix(), "Log '" + name + "' is under prefix '"
					+ lease.prefix() + "', leased by '" + lease.holder() + "' until " + lease.expiresAt() + "; "
					+ ((token == null) ? "send its token in X-Lease-Token." : "the token sent is not its current one.")
					+ " Nothing was stored.");
		}
		if (lease == null && token != null) {
			throw new LeaseConflictException(name, null, "The lease token sent covers no live lease of log '" + name
					+ "' (expired, released or superseded). Nothing was stored.");
		}
	}

	/** The live lease whose prefix starts the name, found without scanning every lease. */
	private Lease covering(String name) {
		Instant now = this.clock.instant();
		String probe = name;
		while (probe != null) {
			String prefix = this.leases.floorKey(probe);
			if (prefix == null) {
				return null;
			}
			if (name.startsWith(prefix)) {
				Lease lease = this.leases.get(prefix);
				if (lease != null && lease.liveAt(now)) {
					return lease;
				}
				probe = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
			}
			else {
				// Any leased prefix of the name sorting before this key is a prefix of what they share.
				probe = commonPrefix(prefix, name);
			}
		}
		return null;
	}

	private static String commonPrefix(String a, String b) {
		int length = Math.min(a.length(), b.length());
		int i = 0;
		while (i < length && a.charAt(i) == b.charAt(i)) {
			i++;
		}
		if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
			i--;
		}
		return a.substring(0, i);
	}

	/**
	 * Replace every lease with those a shared store holds (see {@link StoreFence}).
	 * @param live the store's live leases
	 */
	synchronized void mirror(Collection<Lease> live) {
		// Put before removing, so a concurrent check never sees a lease vanish and come back.
		Map<String, Lease> byPrefix = new HashMap<>();
		live.forEach((lease) -> byPrefix.put(lease.prefix(), lease));
		this.leases.putAll(byPrefix);
		this.leases.keySet().retainAll(byPrefix.keySet());
	}

	/** Whether a live lease covers a name. */
	boolean covers(String name) {
		return !this.leases.isEmpty() && covering(name) != null;
	}

	/** @return the live leases, sorted by prefix */
	List<Lease> live() {
		Instant now = this.clock.instant();
		List<Lease> live = new ArrayList<>();
		this.leases.values().forEach((lease) -> {
			if (lease.liveAt(now)) {
				live.add(lease);
			}
		});
		return live;
	}

	/** @return the highest token handed out, to persist */
	long lastToken() {
		return this.lastToken.get();
	}

	private static long tokenNumber(String token) {
		try {
			return Long.parseLong(token);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
