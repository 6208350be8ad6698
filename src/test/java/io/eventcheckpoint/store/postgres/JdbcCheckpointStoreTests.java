package io.eventcheckpoint.store.postgres;

import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.LogGroup;
import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.MutableClock;
import io.eventcheckpoint.support.MigratedDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.FlushBatch.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * {@link JdbcCheckpointStore} against a real PostgreSQL: exact round trips, the rule that the
 * change received last wins, tombstones, and reading other replicas' changes.
 */
class JdbcCheckpointStoreTests {

	private static final OffsetDateTime UPDATE = OffsetDateTime.parse("2024-03-01T10:00:00.123456789Z");

	private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

	@RegisterExtension
	static final MigratedDatabase DATABASE = new MigratedDatabase();

	private static void execute(String... statements) throws Exception {
		try (Connection connection = DATABASE.get().dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static FlushBatch batch(OffsetDateTime updateTime, Change... changes) {
		return new FlushBatch(updateTime, List.of(changes), List::of);
	}

	private static Change put(EventLogState state, Instant receivedAt) {
		return new Change(state.name(), state, receivedAt);
	}

	private static Change put(String name, long recordNumber, Instant receivedAt) {
		return put(new EventLogState(name, recordNumber, OffsetDateTime.parse("2024-01-01T00:00:00Z")), receivedAt);
	}

	private static Change delete(String name, Instant receivedAt) {
		return new Change(name, null, receivedAt);
	}

	private static Map<String, EventLogState> load(JdbcCheckpointStore store) throws Exception {
		Map<String, EventLogState> states = new LinkedHashMap<>();
		store.load().states().forEach((state) -> states.put(state.name(), state));
		return states;
	}

	@Test
	void lastUpdateTimesShouldBeKeptAcrossARestart() throws Exception {
		MutableClock clock = new MutableClock(T0);
		CheckpointEngine engine = new CheckpointEngine(DATABASE.get().store(),
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(clock).withTicker(new FakeTicker()));
		engine.persist("host-a/Security", 1, UPDATE);
		clock.advance(Duration.ofMinutes(90));
		engine.persist("host-b/Security", 1, UPDATE);
		engine.shutdown();

		clock.advance(Duration.ofDays(3));
		CheckpointEngine restarted = new CheckpointEngine(DATABASE.get().store(),
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(clock).withTicker(new FakeTicker()));
		try {
			assertThat(restarted.metadata("host-a/Security").updatedAt()).isEqualTo(T0);
			assertThat(restarted.metadata("host-b/Security").updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(90)));
			assertThat(restarted.fleet().groups(1, (name) -> true)).extracting(LogGroup::lastUpdate)
				.containsExactly(T0, T0.plus(Duration.ofMinutes(90)));
		}
		finally {
			restarted.shutdown();
		}
	}

	@Test
	void refreshShouldHandOverTheLastUpdateTimeOfEveryRow() throws Exception {
		JdbcCheckpointStore replicaA = DATABASE.get().store();
		JdbcCheckpointStore replicaB = DATABASE.get().store();
		replicaA.load();
		replicaB.load();
		replicaA.save(batch(UPDATE, put("host-a/Security", 1, T0.plusSeconds(5))));
		Map<String, LogMetadata> seen = new LinkedHashMap<>();
		replicaB.refresh((upserts, deletes, metadata) -> {
			seen.putAll(metadata);
			return Set.of();
		});
		assertThat(seen).containsOnlyKeys("host-a/Security");
		assertThat(seen.get("host-a/Security").updatedAt()).isEqualTo(T0.plusSeconds(5));
		assertThat(seen.get("host-a/Security").version()).isPositive();
	}

	@Test
	void statesAtTheNumericAndTimeLimitsShouldRoundTripExactly() throws Exception {
		List<EventLogState> states = List.of(
				new EventLogState("zero", 0, OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
				new EventLogState("max", -1L, OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z")),
				new EventLogState("sign bit", Long.MIN_VALUE, OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30"),
						"<BookmarkList>\r\n  <Bookmark Channel='Application' RecordId='1'/>\r\n</BookmarkList>"),
				new EventLogState("Microsoft-Windows-Sysmon/Operational", Long.MAX_VALUE,
						OffsetDateTime.parse("1970-01-01T00:00:00.000000001-18:00")),
				new EventLogState("+18:00", 1, OffsetDateTime.parse("-0001-06-30T12:00:00.5+18:00")),
				new EventLogState("ünïcødé 日本語 \uD83D\uDE00 \"quoted\" 'single' \\", 7,
						OffsetDateTime.parse("2024-02-29T23:59:59.1-09:30"), ""),
				new EventLogState("", 3, OffsetDateTime.parse("2024-01-01T00:00:00.000001Z")));
		JdbcCheckpointStore store = DATABASE.get().store();
		List<Change> changes = new ArrayList<>();
		states.forEach((state) -> changes.add(put(state, T0)));
		store.save(new FlushBatch(UPDATE, changes, List::of));
		LoadedCheckpoint loaded = DATABASE.get().store().load();
		assertThat(loaded.states()).containsExactlyInAnyOrderElementsOf(states);
		for (EventLogState state : loaded.states()) {
			EventLogState expected = states.stream().filter((s) -> s.name().equals(state.name())).findFirst().get();
			// equals() on OffsetDateTime compares the offset too; say it explicitly.
			assertThat(state.timestamp().getOffset()).isEqualTo(expected.timestamp().getOffset());
			assertThat(state.timestamp().getNano()).isEqualTo(expected.timestamp().getNano());
		}
		assertThat(loaded.updateTime()).isEqualTo(UPDATE);
	}

	@Test
	void recordNumbersShouldBeStoredAsReadableUnsignedNumbers() throws Exception {
		DATABASE.get().store().save(batch(UPDATE, put("max", -1L, T0), put("sign", Long.MIN_VALUE, T0)));
		try (Connection connection = DATABASE.get().dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT record_number::text AS digits FROM checkpoint_state ORDER BY record_number DESC")) {
			List<String> numbers = new ArrayList<>();
			while (rows.next()) {
				numbers.add(rows.getString(1));
			}
			assertThat(numbers).containsExactly("18446744073709551615", "9223372036854775808");
		}
	}

	@Test
	void recordNumbersOutsideTheUnsignedRangeShouldBeRejectedByTheSchema() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute("INSERT INTO checkpoint_state (name, record_number, "
				+ "ts_epoch_second, ts_nano, ts_offset_seconds, received_at, version) "
				+ "VALUES ('x', 18446744073709551616, 0, 0, 0, now(), 1)"))
			.withMessageContaining("checkpoint_state_record_number_uint64");
	}

	@Test
	void olderChangeSavedLaterShouldNotOverwriteANewerPosition() throws Exception {
		JdbcCheckpointStore early = DATABASE.get().store();
		JdbcCheckpointStore late = DATABASE.get().store();
		early.save(batch(UPDATE, put("App", 20, T0.plusSeconds(2))));
		late.save(batch(UPDATE, put("App", 10, T0.plusSeconds(1))));
		assertThat(load(DATABASE.get().store()).get("App").recordNumber()).isEqualTo(20);
	}

	@Test
	void newerChangeShouldOverwriteAndEqualReceiveTimesShouldLetTheLaterSaveWin() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, put("App", 10, T0)));
		store.save(batch(UPDATE, put("App", 20, T0.plusNanos(1000))));
		assertThat(load(store).get("App").recordNumber()).isEqualTo(20);
		store.save(batch(UPDATE, put("App", 30, T0.plusNanos(1000))));
		assertThat(load(store).get("App").recordNumber()).isEqualTo(30);
	}

	@Test
	void deleteShouldLeaveATombstoneThatOlderWritesCannotBringBack() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, put("App", 10, T0), put("Sec", 1, T0)));
		store.save(batch(UPDATE, delete("App", T0.plusSeconds(5))));
		assertThat(load(store)).containsOnlyKeys("Sec");
		store.save(batch(UPDATE, put("App", 11, T0.plusSeconds(4))));
		assertThat(load(store)).containsOnlyKeys("Sec");
		store.save(batch(UPDATE, put("App", 12, T0.plusSeconds(6))));
		assertThat(load(store).get("App").recordNumber()).isEqualTo(12);
	}

	@Test
	void olderDeleteShouldNotRemoveANewerPosition() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, put("App", 10, T0.plusSeconds(5))));
		store.save(batch(UPDATE, delete("App", T0.plusSeconds(4))));
		assertThat(load(store)).containsOnlyKeys("App");
	}

	@Test
	void deleteOfAnUnknownNameShouldBeRememberedAgainstOlderWrites() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, delete("App", T0.plusSeconds(5))));
		store.save(batch(UPDATE, put("App", 10, T0.plusSeconds(4))));
		assertThat(load(store)).isEmpty();
	}

	@Test
	void batchLargerThanOneStatementShouldBeSavedWholeAndItsLosersReadBack() throws Exception {
		JdbcCheckpointStore replicaA = DATABASE.get().store();
		JdbcCheckpointStore replicaB = DATABASE.get().store();
		replicaB.load();
		List<Change> newer = new ArrayList<>();
		List<Change> older = new ArrayList<>();
		for (int i = 0; i < 12_000; i++) {
			if (i % 2 == 0) {
				newer.add(put("log" + i, 1, T0.plusSeconds(5)));
			}
			older.add(put("log" + i, 2, T0.plusSeconds(3)));
		}
		replicaA.save(new FlushBatch(UPDATE, newer, List::of));
		replicaB.refresh(new RecordingSink());
		replicaB.save(new FlushBatch(UPDATE, older, List::of));
		Map<String, EventLogState> stored = load(DATABASE.get().store());
		assertThat(stored).hasSize(12_000);
		assertThat(stored.values()).filteredOn((state) -> state.recordNumber() == 1).hasSize(6_000);
		RecordingSink readBack = new RecordingSink();
		// B's own 6000 new rows, and the 6000 rows that beat B's changes.
		assertThat(replicaB.refresh(readBack)).isEqualTo(12_000);
		assertThat(readBack.upserts).filteredOn((state) -> state.recordNumber() == 1).hasSize(6_000);
	}

	@Test
	void duplicateNamesInOneBatchShouldKeepTheChangeReceivedLast() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, put("App", 2, T0.plusSeconds(2)), put("App", 1, T0.plusSeconds(1)),
				delete("App", T0)));
		assertThat(load(store).get("App").recordNumber()).isEqualTo(2);
	}

	@Test
	void updateTimeShouldOnlyMoveForward() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, put("App", 1, T0)));
		store.save(batch(UPDATE.minusSeconds(1), put("App", 2, T0.plusSeconds(1))));
		assertThat(store.load().updateTime()).isEqualTo(UPDATE);
		OffsetDateTime later = UPDATE.plusNanos(1).withOffsetSameInstant(ZoneOffset.ofHours(2));
		store.save(batch(later, put("App", 3, T0.plusSeconds(2))));
		assertThat(store.load().updateTime()).isEqualTo(later);
	}

	@Test
	void refreshShouldHandOverWhatOtherReplicasSavedSinceTheLastRead() throws Exception {
		JdbcCheckpointStore replicaA = DATABASE.get().store();
		JdbcCheckpointStore replicaB = DATABASE.get().store();
		replicaA.save(batch(UPDATE, put("App", 1, T0), put("Gone", 1, T0)));
		assertThat(replicaB.load().states()).hasSize(2);
		replicaA.save(batch(UPDATE, put("App", 2, T0.plusSeconds(1)), put("New", 3, T0.plusSeconds(1)),
				delete("Gone", T0.plusSeconds(1))));
		RecordingSink sink = new RecordingSink();
		assertThat(replicaB.refresh(sink)).isEqualTo(3);
		assertThat(sink.upserts).extracting(EventLogState::name).containsExactlyInAnyOrder("App", "New");
		assertThat(sink.deletes).containsExactly("Gone");
		RecordingSink again = new RecordingSink();
		assertThat(replicaB.refresh(again)).isZero();
		assertThat(again.calls).isZero();
	}

	@Test
	void refreshShouldReadBackTheRowsThatBeatThisReplicasChanges() throws Exception {
		JdbcCheckpointStore replicaA = DATABASE.get().store();
		JdbcCheckpointStore replicaB = DATABASE.get().store();
		replicaB.load();
		replicaA.save(batch(UPDATE, put("App", 20, T0.plusSeconds(2))));
		assertThat(replicaB.refresh(new RecordingSink())).isEqualTo(1);
		// B's older change, flushed late, loses; B must learn the winner again to converge.
		replicaB.save(batch(UPDATE, put("App", 10, T0.plusSeconds(1))));
		RecordingSink sink = new RecordingSink();
		assertThat(replicaB.refresh(sink)).isEqualTo(1);
		assertThat(sink.upserts).singleElement().extracting(EventLogState::recordNumber).isEqualTo(20L);
		assertThat(replicaB.refresh(new RecordingSink())).isZero();
	}

	@Test
	void rowsReadBackButLeftAloneShouldBeReadAgainUntilApplied() throws Exception {
		JdbcCheckpointStore replicaA = DATABASE.get().store();
		JdbcCheckpointStore replicaB = DATABASE.get().store();
		replicaB.load();
		replicaA.save(batch(UPDATE, put("App", 20, T0.plusSeconds(2))));
		replicaB.save(batch(UPDATE, put("App", 10, T0.plusSeconds(1))));
		RecordingSink busy = new RecordingSink();
		busy.skip.add("App");
		assertThat(replicaB.refresh(busy)).isEqualTo(1);
		RecordingSink sink = new RecordingSink();
		assertThat(replicaB.refresh(sink)).isEqualTo(1);
		assertThat(sink.upserts).singleElement().extracting(EventLogState::recordNumber).isEqualTo(20L);
		assertThat(replicaB.refresh(new RecordingSink())).isZero();
	}

	@Test
	void purgeShouldRemoveOnlyOldTombstones() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		store.save(batch(UPDATE, put("Live", 1, T0), delete("Old", T0), delete("Recent", T0.plusSeconds(10))));
		assertThat(store.purgeTombstones(T0.plusSeconds(5))).isEqualTo(1);
		try (Connection connection = DATABASE.get().dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT name FROM checkpoint_state ORDER BY name")) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			assertThat(names).containsExactly("Live", "Recent");
		}
	}

	@Test
	void saveShouldFailWithTheDatabaseInTheMessageAndKeepNothingOfTheBatch() throws Exception {
		JdbcCheckpointStore store = DATABASE.get().store();
		// A NUL character cannot be stored in a PostgreSQL text column: the whole batch must roll back.
		assertThatIOException()
			.isThrownBy(() -> store.save(batch(UPDATE, put("App", 1, T0), put("bad\u0000name", 2, T0))))
			.withMessageContaining("Saving 2 changes to " + JdbcCheckpointStore.describe(DATABASE.get().url()));
		assertThat(load(store)).isEmpty();
	}

	@Test
	void describeShouldDropUrlParametersThatMayHoldCredentials() {
		assertThat(JdbcCheckpointStore.describe("jdbc:postgresql://db:5432/checkpoint?user=a&password=secret"))
			.isEqualTo("jdbc:postgresql://db:5432/checkpoint");
	}

	/** Records what {@link JdbcCheckpointStore#refresh} hands over; can pretend names are busy. */
	static class RecordingSink implements JdbcCheckpointStore.Sink {

		final List<EventLogState> upserts = new ArrayList<>();

		final List<String> deletes = new ArrayList<>();

		final Set<String> skip = new HashSet<>();

		int calls;

		@Override
		public Set<String> apply(List<EventLogState> upserts, List<String> deletes,
				Map<String, LogMetadata> metadata) {
			this.calls++;
			this.upserts.addAll(upserts);
			this.deletes.addAll(deletes);
			Set<String> skipped = new HashSet<>();
			upserts.forEach((state) -> {
				if (this.skip.contains(state.name())) {
					skipped.add(state.name());
				}
			});
			return skipped;
		}

	}

}
