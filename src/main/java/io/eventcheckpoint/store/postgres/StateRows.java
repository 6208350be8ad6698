package io.eventcheckpoint.store.postgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LogMetadata;

/**
 * How a state maps to a row of {@code checkpoint_state} and back: the column list, the array
 * upsert and its parameters.
 * <p>
 * A record number is {@code numeric(20,0)}, a timestamp three columns (epoch second, nanosecond,
 * offset), so both round-trip exactly, which {@code timestamptz} (microseconds, no offset) would not.
 */
final class StateRows {

	static final String COLUMNS = "name, record_number, ts_epoch_second, ts_nano, ts_offset_seconds, bookmark, "
			+ "deleted, version, received_at, epoch";

	/**
	 * One statement per chunk: the changes travel as arrays (one round trip, one plan) instead of
	 * one statement each. {@code RETURNING} names the rows written; the others lost to newer rows.
	 */
	static final String UPSERT = "INSERT INTO checkpoint_state AS t (name, record_number, ts_epoch_second, "
			+ "ts_nano, ts_offset_seconds, bookmark, deleted, received_at, epoch, version) "
			+ "SELECT c.name, c.record_number, c.ts_epoch_second, c.ts_nano, c.ts_offset_seconds, c.bookmark, "
			+ "c.deleted, c.received_at, c.epoch, nextval('checkpoint_state_version_seq') "
			+ "FROM unnest(?::text[], ?::numeric[], ?::bigint[], ?::integer[], ?::integer[], ?::text[], ?::boolean[], "
			+ "?::timestamptz[], ?::numeric[]) AS c (name, record_number, ts_epoch_second, ts_nano, ts_offset_seconds, "
			+ "bookmark, deleted, received_at, epoch) "
			// A change received while a lease covered its name, by a replica that did not know of the
			// lease yet (it learns of leases on refresh), carried no token: the lease's holder wins.
			+ "WHERE NOT EXISTS (SELECT 1 FROM checkpoint_lease l WHERE starts_with(c.name, l.prefix) "
			+ "AND l.granted_at <= c.received_at AND l.expires_at > c.received_at) "
			+ "ON CONFLICT (name) DO UPDATE SET record_number = excluded.record_number, "
			+ "ts_epoch_second = excluded.ts_epoch_second, ts_nano = excluded.ts_nano, "
			+ "ts_offset_seconds = excluded.ts_offset_seconds, bookmark = excluded.bookmark, "
			+ "deleted = excluded.deleted, received_at = excluded.received_at, version = excluded.version, "
			+ "epoch = CASE WHEN excluded.deleted THEN t.epoch ELSE excluded.epoch END "
			+ "WHERE excluded.received_at >= t.received_at "
			+ "RETURNING t.name";

	static void bind(Connection connection, PreparedStatement upsert, List<FlushBatch.Change> chunk)
			throws SQLException {
		int size = chunk.size();
		String[][] columns = new String[9][size];
		for (int i = 0; i < size; i++) {
			FlushBatch.Change change = chunk.get(i);
			EventLogState state = change.state();
			columns[0][i] = change.name();
			if (state != null) {
				columns[1][i] = state.recordNumberString();
				columns[2][i] = Long.toString(state.epochSecond());
				columns[3][i] = Integer.toString(state.nano());
				columns[4][i] = Integer.toString(state.offsetSeconds());
				columns[5][i] = state.bookmark();
			}
			columns[6][i] = (state == null) ? "true" : "false";
			// timestamptz keeps microseconds: truncate here so the comparison never depends on rounding.
			columns[7][i] = change.receivedAt().truncatedTo(ChronoUnit.MICROS).toString();
			columns[8][i] = (change.metadata() != null) ? change.metadata().epochString() : "0";
		}
		for (int column = 0; column < columns.length; column++) {
			upsert.setArray(column + 1, connection.createArrayOf("text", columns[column]));
		}
	}

	static EventLogState state(ResultSet row) throws SQLException {
		BigDecimal recordNumber = row.getBigDecimal("record_number");
		return EventLogState.of(row.getString("name"), recordNumber.toBigIntegerExact().longValue(),
				row.getLong("ts_epoch_second"), row.getInt("ts_nano"), row.getInt("ts_offset_seconds"),
				row.getString("bookmark"));
	}

	/**
	 * The log's last-update time (when the replica that saved the row accepted the change) and its
	 * version, the row's: a database sequence, so it only grows; and the position's epoch.
	 */
	static LogMetadata metadata(ResultSet row) throws SQLException {
		return new LogMetadata(row.getObject("received_at", OffsetDateTime.class).toInstant(), row.getLong("version"),
				row.getBigDecimal("epoch").toBigIntegerExact().longValue());
	}

	static OffsetDateTime time(long epochSecond, int nano, int offsetSeconds) {
		return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, nano),
				ZoneOffset.ofTotalSeconds(offsetSeconds));
	}

	private StateRows() {
	}

}
