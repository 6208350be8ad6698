package io.eventcheckpoint.store.postgres;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries start-up work (the schema migration, the first load) while PostgreSQL is unreachable,
 * for at most {@code checkpoint.jdbc.startup-timeout} in all, so that replicas started together
 * with their database, or during its restart, wait for it instead of crash-looping.
 * <p>
 * Only failures to reach the database are retried. Anything else (a wrong password, a missing
 * database, a broken migration) fails at once: waiting would not fix it.
 */
public final class JdbcStartupRetry {

	private static final Logger logger = LoggerFactory.getLogger(JdbcStartupRetry.class);

	private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final String target;

	private final Duration timeout;

	private final long deadlineNanos;

	/**
	 * Start the clock: every call shares one deadline, {@code timeout} from now.
	 * @param target the database, for log lines (a JDBC URL without its parameters)
	 * @param timeout how long to keep retrying in all
	 */
	public JdbcStartupRetry(String target, Duration timeout) {
		this.target = Objects.requireNonNull(target, "target");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		this.deadlineNanos = System.nanoTime() + timeout.toNanos();
	}

	/**
	 * A retry that tries once.
	 * @param target the database, for messages
	 * @return the retry
	 */
	public static JdbcStartupRetry none(String target) {
		return new JdbcStartupRetry(target, Duration.ZERO);
	}

	public String target() {
		return this.target;
	}

	/**
	 * Run an action, retrying it with backoff while the database is unreachable.
	 * @param <T> the result type
	 * @param <E> what the action throws
	 * @param action the work
	 * @return its result
	 * @throws E the action's failure when it is not about reaching the database
	 * @throws IllegalStateException when the database stays unreachable past the deadline
	 */
	public <T, E extends Exception> T call(Action<T, E> action) throws E {
		Duration backoff = FIRST_BACKOFF;
		for (int attempt = 1;; attempt++) {
			try {
				return action.run();
			}
			catch (Exception ex) {
				if (!isUnreachable(ex)) {
					throw ex;
				}
				long remaining = this.deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					throw new IllegalStateException("PostgreSQL at " + this.target + " not reachable within "
							+ this.timeout + " (checkpoint.jdbc.startup-timeout); giving up after " + attempt
							+ " attempts: " + ex.getMessage(), ex);
				}
				long waitNanos = Math.min(backoff.toNanos(), remaining);
				logger.warn("PostgreSQL at {} not reachable, retrying in {}s (attempt {}): {}", this.target,
						Math.max(1, Math.round(waitNanos / 1e9)), attempt, rootMessage(ex));
				pause(waitNanos);
				backoff = backoff.multipliedBy(2);
				if (backoff.compareTo(MAX_BACKOFF) > 0) {
					backoff = MAX_BACKOFF;
				}
			}
		}
	}

	private static void pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL", ex);
		}
	}

	/**
	 * Whether a failure means the database could not be reached (rather than that it refused the
	 * work): a connection error, a server starting up or shutting down, a pool timeout.
	 * @param failure the failure
	 * @return whether retrying later may succeed
	 */
	public static boolean isUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException
					|| cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
					|| cause instanceof SocketTimeoutException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				// 08: connection exception; 57P01..03: admin/crash shutdown, cannot connect now;
				// 53300: too many connections.
				if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
						|| state.equals("53300")) {
					return true;
				}
			}
		}
		return false;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.toString();
	}

	/**
	 * Work that may fail to reach the database.
	 *
	 * @param <T> the result type
	 * @param <E> what it throws
	 */
	@FunctionalInterface
	public interface Action<T, E extends Exception> {

		T run() throws E;

	}

}
