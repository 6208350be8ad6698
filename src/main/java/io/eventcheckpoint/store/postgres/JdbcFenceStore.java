package io.eventcheckpoint.store.postgres;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import io.eventcheckpoint.engine.BackwardMoveException;
import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FenceStore;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LeaseConflictException;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.engine.PreconditionFailedException;
import io.eventcheckpoint.engine.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fenced writes and leases decided by PostgreSQL (issue 15), the base of {@link JdbcCheckpointStore}:
 * each is one transaction that first takes the row lock on {@code checkpoint_store}, which every
 * save, fenced write and lease change of every replica takes too. So a condition read inside it
 * still holds at commit, two replicas can never both accept conflicting writes, and versions
 * become visible in the order they were taken (what {@link JdbcCheckpointStore#refresh} needs).
 * <p>
 * The checks are those of the engine's in-memory fence, in the same order: the lease, then
 * If-None-Match, If-Match, and the backward-move rule in {@code (epoch, record_number)} order.
 */
abstract class JdbcFenceStore implements CheckpointStore, FenceStore {

	private static final Logger logger = LoggerFactory.getLogger(JdbcFenceStore.class);

	static final String LOCK = "SELECT update_epoch_second FROM checkpoint_store WHERE id = 1 FOR UPDATE";

	private static final String WRITE = "INSERT INTO checkpoint_state AS t (name, record_number, ts_epoch_second, "
			+ "ts_nano, ts_offset_seconds, bookmark, deleted, received_at, version, epoch) "
			+ "VALUES (?, ?, ?, ?, ?, ?, false, ?, nextval('checkpoint_state_version_seq'), ?) "
			+ "ON CONFLICT (name) DO UPDATE SET record_number = excluded.record_number, "
			+ "ts_epoch_second = excluded.ts_epoch_second, ts_nano = excluded.ts_nano, "
			+ "ts_offset_seconds = excluded.ts_offset_seconds, bookmark = excluded.bookmark, deleted = false, "
			+ "received_at = excluded.received_at, version = excluded.version, epoch = excluded.epoch "
			+ "RETURNING version";

	private static final String DELETE = "UPDATE checkpoint_state SET deleted = true, record_number = NULL, "
			+ "ts_epoch_second = NULL, ts_nano = NULL, ts_offset_seconds = NULL, bookmark = NULL, received_at = ?, "
			+ "version = nextval('checkpoint_state_version_seq') WHERE name = ?";

	private static final String LEASES = "SELECT prefix, holder, token, expires_at FROM checkpoint_lease";

	private static final String GRANT = "INSERT INTO checkpoint_lease (prefix, holder, token, granted_at, expires_at) "
			+ "VALUES (?, ?, nextval('checkpoint_lease_token_seq'), ?, ?) ON CONFLICT (prefix) DO UPDATE SET "
			+ "holder = excluded.holder, token = excluded.token, granted_at = excluded.granted_at, "
			+ "expires_at = excluded.expires_at RETURNING token";

	protected final DataSource dataSource;

	protected final String target;

	private final int networkTimeoutMillis;

	/** Serializes this replica's saves, refreshes, loads and fenced writes: see {@code refresh}. */
	protected final ReentrantLock lock = new ReentrantLock();

	JdbcFenceStore(DataSource dataSource, String target, Duration networkTimeout) {
		this.dataSource = dataSource;
		this.target = target;
		this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
	}

	@Override
	public List<LogMetadata> writeFenced(List<PositionWrite> writes, WriteOptions options, Instant receivedAt)
			throws IOException {
		return inTransaction("Writing " + writes.size() + " fenced positions", (connection) -> {
			Map<String, Lease> leases = readLeases(connection, receivedAt);
			Map<String, Stored> rows = readRows(connection, writes.stream().map((w) -> w.state().name()).toList());
			boolean backwardRule = options.rejectBackward() && !options.rewind();
			for (PositionWrite write : writes) {
				String name = write.state().name();
				checkLease(leases, name, options.leaseToken());
				Stored stored = rows.get(name);
				if (write.ifNoneMatch() && stored != null) {
					throw new PreconditionFailedException(name, stored.metadata(), "Log '" + name + "' exists (version "
							+ stored.metadata().versionString() + ") and If-None-Match: * asked to create it only. "
							+ "Nothing was stored.");
				}
				checkIfMatch(name, write.ifMatch(), stored, "stored");
				if (backwardRule && stored != null && isBackward(write, stored)) {
					throw new BackwardMoveException(stored.state(), stored.metadata().epoch(), write.state(),
							write.epoch());
				}
			}
			List<LogMetadata> written = new ArrayList<>(writes.size());
			try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
				for (PositionWrite write : writes) {
					EventLogState state = write.state();
					statement.setString(1, state.name());
					statement.setBigDecimal(2, new BigDecimal(state.recordNumberString()));
					statement.setLong(3, state.epochSecond());
					statement.setInt(4, state.nano());
					statement.setInt(5, state.offsetSeconds());
					statement.setString(6, state.bookmark());
					statement.setObject(7, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
					statement.setBigDecimal(8, new BigDecimal(Long.toUnsignedString(write.epoch())));
					try (ResultSet row = statement.executeQuery()) {
						row.next();
						written.add(new LogMetadata(receivedAt, row.getLong(1), write.epoch()));
					}
				}
			}
			return written;
		});
	}

	@Override
	public boolean deleteFenced(String name, long ifMatch, String leaseToken, Instant receivedAt) throws IOException {
		return inTransaction("Deleting fenced log", (connection) -> {
			checkLease(readLeases(connection, receivedAt), name, leaseToken);
			Stored stored = readRows(connection, List.of(name)).get(name);
			checkIfMatch(name, ifMatch, stored, "deleted");
			if (stored == null) {
				return false;
			}
			try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
				statement.setObject(1, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
				statement.setString(2, name);
				statement.executeUpdate();
			}
			return true;
		});
	}

	@Override
	public Lease acquireLease(String prefix, String holder, Duration ttl, Instant now) throws IOException {
		return inTransaction("Granting a lease", (connection) -> {
			Instant expiresAt = now.plus(ttl);
			Lease current = null;
			for (Lease other : readLeases(connection, now).values()) {
				if (other.prefix().equals(prefix)) {
					current = other;
				}
				else if (other.prefix().startsWith(prefix) || prefix.startsWith(other.prefix())) {
					throw new LeaseConflictException(prefix, other.prefix(), "Prefix '" + prefix
							+ "' overlaps prefix '" + other.prefix() + "', leased by '" + other.holder() + "' until "
							+ other.expiresAt() + ".");
				}
			}
			if (current != null && !current.holder().equals(holder)) {
				throw new LeaseConflictException(prefix, prefix, "Prefix '" + prefix + "' is leased by '"
						+ current.holder() + "' until " + current.expiresAt() + ".");
			}
			if (current != null) {
				// A renewal keeps the token, so writes in flight with it stay valid.
				update(connection, "UPDATE checkpoint_lease SET expires_at = ? WHERE prefix = ?", expiresAt, prefix);
				return new Lease(prefix, holder, current.token(), expiresAt);
			}
			try (PreparedStatement grant = connection.prepareStatement(GRANT)) {
				grant.setString(1, prefix);
				grant.setString(2, holder);
				grant.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
				grant.setObject(4, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
				try (ResultSet row = grant.executeQuery()) {
					row.next();
					return new Lease(prefix, holder, Long.toString(row.getLong(1)), expiresAt);
				}
			}
		});
	}

	@Override
	public Lease releaseLease(String prefix, String token, Instant now) throws IOException {
		return inTransaction("Releasing a lease", (connection) -> {
			Lease current = readLeases(connection, now).get(prefix);
			if (current != null && !current.token().equals(token)) {
				throw new LeaseConflictException(prefix, prefix,
						"The token does not hold the lease on '" + prefix + "' (expired or superseded).");
			}
			// An expired row goes too: it is no lease, and the next grant of the prefix gets a new token anyway.
			update(connection, "DELETE FROM checkpoint_lease WHERE prefix = ?", prefix);
			return current;
		});
	}

	@Override
	public List<Lease> liveLeases(Instant now) throws IOException {
		try (Connection connection = open()) {
			return new ArrayList<>(readLeases(connection, now).values());
		}
		catch (SQLException ex) {
			throw new IOException("Reading leases from " + this.target + " failed: " + ex.getMessage(), ex);
		}
	}

	/** Every lease row, live or not, for a load. */
	static List<Lease> allLeases(Connection connection) throws SQLException {
		List<Lease> leases = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(LEASES)) {
			while (rows.next()) {
				leases.add(lease(rows));
			}
		}
		return leases;
	}

	private static Map<String, Lease> readLeases(Connection connection, Instant now) throws SQLException {
		Map<String, Lease> live = new HashMap<>();
		try (PreparedStatement query = connection.prepareStatement(LEASES + " WHERE expires_at > ?")) {
			query.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					Lease lease = lease(rows);
					live.put(lease.prefix(), lease);
				}
			}
		}
		return live;
	}

	private static Lease lease(ResultSet row) throws SQLException {
		return new Lease(row.getString(1), row.getString(2), Long.toString(row.getLong(3)),
				row.getObject(4, OffsetDateTime.class).toInstant());
	}

	/** Live leases never overlap, so at most one covers a name. */
	private static void checkLease(Map<String, Lease> leases, String name, String token) {
		Lease covering = null;
		for (Lease lease : leases.values()) {
			if (name.startsWith(lease.prefix())) {
				covering = lease;
			}
		}
		if (covering != null && !covering.token().equals(token)) {
			throw new LeaseConflictException(name, covering.prefix(), "Log '" + name + "' is under prefix '"
					+ covering.prefix() + "', leased by '" + covering.holder() + "' until " + covering.expiresAt()
					+ "; " + ((token == null) ? "send its token in X-Lease-Token." : "the token sent is not its current one.")
					+ " Nothing was stored.");
		}
		if (covering == null && token != null) {
			throw new LeaseConflictException(name, null, "The lease token sent covers no live lease of log '" + name
					+ "' (expired, released or superseded). Nothing was stored.");
		}
	}

	private static void checkIfMatch(String name, long ifMatch, Stored stored, String verb) {
		if (ifMatch != 0 && (stored == null || stored.metadata().version() != ifMatch)) {
			throw new PreconditionFailedException(name, (stored != null) ? stored.metadata() : null, "Log '" + name
					+ "' is " + ((stored == null) ? "not stored" : "at version " + stored.metadata().versionString())
					+ ", not version " + Long.toUnsignedString(ifMatch) + " as If-Match asked. Nothing was " + verb
					+ ".");
		}
	}

	private static boolean isBackward(PositionWrite write, Stored stored) {
		int byEpoch = Long.compareUnsigned(write.epoch(), stored.metadata().epoch());
		if (byEpoch != 0) {
			return byEpoch < 0;
		}
		return Long.compareUnsigned(write.state().recordNumber(), stored.state().recordNumber()) < 0;
	}

	/** The stored positions of names (tombstones count as not stored). */
	private static Map<String, Stored> readRows(Connection connection, List<String> names) throws SQLException {
		Map<String, Stored> rows = new HashMap<>();
		try (PreparedStatement query = connection.prepareStatement(
				"SELECT " + StateRows.COLUMNS + " FROM checkpoint_state WHERE name = ANY (?) AND NOT deleted")) {
			query.setArray(1, connection.createArrayOf("text", names.toArray()));
			try (ResultSet row = query.executeQuery()) {
				while (row.next()) {
					EventLogState state = StateRows.state(row);
					rows.put(state.name(), new Stored(state, StateRows.metadata(row)));
				}
			}
		}
		return rows;
	}

	private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				Object value = parameters[i];
				statement.setObject(i + 1, (value instanceof Instant time) ? OffsetDateTime.ofInstant(time, ZoneOffset.UTC)
						: value);
			}
			statement.executeUpdate();
		}
	}

	/** Run one transaction after taking the store's lock; roll back on any exception. */
	private <T> T inTransaction(String what, Work<T> work) throws IOException {
		this.lock.lock();
		try (Connection connection = open()) {
			connection.setAutoCommit(false);
			try {
				try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(LOCK)) {
					if (!row.next()) {
						throw new SQLException("The row of table checkpoint_store is missing");
					}
				}
				T result = work.run(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				rollback(connection);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new IOException(what + " in " + this.target + " failed: " + ex.getMessage(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	protected Connection open() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			// Without it a connection lost without a reset (a network partition) would block forever.
			connection.setNetworkTimeout(Runnable::run, this.networkTimeoutMillis);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	protected static void rollback(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			logger.debug("Rollback failed", ex);
		}
	}

	private record Stored(EventLogState state, LogMetadata metadata) {
	}

	@FunctionalInterface
	private interface Work<T> {

		T run(Connection connection) throws SQLException;

	}

}
