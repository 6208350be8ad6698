package io.eventcheckpoint.engine;

import java.time.Instant;

/**
 * A lease on a name prefix: while it is live, only writes that carry its token may change a log
 * under the prefix.
 *
 * @param prefix the start of the names it covers
 * @param holder who holds it, as the holder named itself
 * @param token the fencing token writes must carry; never reused
 * @param expiresAt when it ends unless renewed
 */
public record Lease(String prefix, String holder, String token, Instant expiresAt) {

	/**
	 * Whether the lease is still in force.
	 * @param now the current time
	 * @return {@code true} before {@link #expiresAt()}
	 */
	public boolean liveAt(Instant now) {
		return now.isBefore(this.expiresAt);
	}

}
