package io.eventcheckpoint.store.postgres;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventcheckpoint.engine.BackwardMoveException;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LeaseConflictException;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.engine.PreconditionFailedException;
import io.eventcheckpoint.engine.WriteOptions;
import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.MutableClock;
import io.eventcheckpoint.support.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fenced writes and leases decided by PostgreSQL (issue 15): two engines on one database stand for
 * two replicas, and concurrent writers race on one log and on one lease. Exactly one wins each race.
 */
class JdbcFencedWritesTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2024-03-01T10:00:00Z");

	private static final WriteOptions NONE = WriteOptions.NONE;

	@RegisterExtension
	static final MigratedDatabase DATABASE = new MigratedDatabase();

	private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T10:00:00Z"));

	private final List<CheckpointEngine> engines = new ArrayList<>();

	private final ExecutorService writers = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() {
		this.writers.shutdownNow();
		this.engines.forEach(CheckpointEngine::shutdown);
	}

	private CheckpointEngine replica() {
		CheckpointEngine engine = new CheckpointEngine(DATABASE.get().store(),
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));
		this.engines.add(engine);
		return engine;
	}

	private static PositionWrite write(String name, long recordNumber, long epoch, long ifMatch, boolean create) {
		return new PositionWrite(new EventLogState(name, recordNumber, TIME), epoch, ifMatch, create);
	}

	@Test
	void ifMatchRacesBetweenTwoReplicasShouldEachHaveExactlyOneWinner() throws Exception {
		CheckpointEngine a = replica();
		CheckpointEngine b = replica();
		long version = a.write(List.of(write("Security", 1, 0, 0, true)), NONE).get(0).version();
		CyclicBarrier start = new CyclicBarrier(2);
		int races = 600;
		for (int race = 0; race < races; race++) {
			long expected = version;
			long recordA = race * 2L + 2;
			Future<LogMetadata> byA = this.writers.submit(racer(start,
					() -> a.write(List.of(write("Security", recordA, 0, expected, false)), NONE).get(0)));
			Future<LogMetadata> byB = this.writers.submit(racer(start,
					() -> b.write(List.of(write("Security", recordA + 1, 0, expected, false)), NONE).get(0)));
			LogMetadata wonA = byA.get();
			LogMetadata wonB = byB.get();
			assertThat(wonA == null ^ wonB == null).as("exactly one winner of race %d", race).isTrue();
			LogMetadata winner = (wonA != null) ? wonA : wonB;
			assertThat(winner.version()).isGreaterThan(expected);
			version = winner.version();
			CheckpointEngine winning = (wonA != null) ? a : b;
			assertThat(winning.metadata("Security").version()).isEqualTo(version);
		}
		CheckpointEngine restarted = replica();
		assertThat(restarted.metadata("Security").version()).isEqualTo(version);
	}

	@Test
	void leaseRacesBetweenTwoReplicasShouldEachHaveExactlyOneWinnerAndNeverReuseAToken() throws Exception {
		CheckpointEngine a = replica();
		CheckpointEngine b = replica();
		CyclicBarrier start = new CyclicBarrier(2);
		Set<String> tokens = new HashSet<>();
		int races = 400;
		for (int race = 0; race < races; race++) {
			Future<Lease> byA = this.writers
				.submit(racer(start, () -> a.leases().acquire("race/", "collector-a", Duration.ofMinutes(1))));
			Future<Lease> byB = this.writers
				.submit(racer(start, () -> b.leases().acquire("race/", "collector-b", Duration.ofMinutes(1))));
			Lease wonA = byA.get();
			Lease wonB = byB.get();
			assertThat(wonA == null ^ wonB == null).as("exactly one winner of race %d", race).isTrue();
			Lease winner = (wonA != null) ? wonA : wonB;
			assertThat(tokens.add(winner.token())).as("token %s is new", winner.token()).isTrue();
			CheckpointEngine loser = (wonA != null) ? b : a;
			// The loser's replica decides writes under the prefix in the database, with the winner's token only.
			assertThatExceptionOfType(LeaseConflictException.class)
				.isThrownBy(() -> loser.write(List.of(write("race/x", 1, 0, 0, false)), NONE));
			((wonA != null) ? a : b).leases().release("race/", winner.token());
		}
		assertThat(tokens).hasSize(races);
	}

	/** Runs a call after both racers are ready; a refusal by the fence counts as losing. */
	private static <T> Callable<T> racer(CyclicBarrier start, Callable<T> call) {
		return () -> {
			start.await();
			try {
				return call.call();
			}
			catch (PreconditionFailedException | LeaseConflictException ex) {
				return null;
			}
		};
	}

	@Test
	void versionsEpochsAndLeasesShouldSurviveARestart() {
		CheckpointEngine a = replica();
		LogMetadata created = a.write(List.of(write("Application", 10, 7, 0, true)), NONE).get(0);
		Lease lease = a.leases().acquire("App", "collector-a", Duration.ofMinutes(5));
		a.shutdown();
		CheckpointEngine restarted = replica();
		assertThat(restarted.metadata("Application").version()).isEqualTo(created.version());
		assertThat(restarted.metadata("Application").epoch()).isEqualTo(7);
		assertThat(restarted.leases().live()).containsExactly(lease);
		assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(
				() -> restarted.write(List.of(write("Application", 11, 7, created.version(), false)), NONE));
		LogMetadata next = restarted.write(List.of(write("Application", 11, 7, created.version(), false)),
				new WriteOptions(true, false, lease.token())).get(0);
		assertThat(next.version()).isGreaterThan(created.version());
		assertThat(restarted.leases().acquire("App", "collector-a", Duration.ofMinutes(5)).token())
			.isEqualTo(lease.token());
	}

	@Test
	void backwardMoveShouldBeRefusedByTheDatabaseAgainstAnotherReplicasWrite() {
		CheckpointEngine a = replica();
		CheckpointEngine b = replica();
		WriteOptions reject = new WriteOptions(true, false, null);
		a.write(List.of(write("System", 100, 1, 0, false)), reject);
		assertThatExceptionOfType(BackwardMoveException.class)
			.isThrownBy(() -> b.write(List.of(write("System", 50, 1, 0, false)), reject));
		b.write(List.of(write("System", 5, 2, 0, false)), reject);
		assertThat(b.metadata("System").epoch()).isEqualTo(2);
	}

	@Test
	void batchWithOneFailedConditionShouldApplyNothing() {
		CheckpointEngine a = replica();
		long version = a.write(List.of(write("One", 1, 0, 0, true)), NONE).get(0).version();
		assertThatExceptionOfType(PreconditionFailedException.class).isThrownBy(() -> a
			.write(List.of(write("Two", 1, 0, 0, true), write("One", 2, 0, version + 1000, false)), NONE));
		CheckpointEngine restarted = replica();
		assertThat(restarted.state("Two")).isNull();
		assertThat(restarted.state("One").recordNumber()).isEqualTo(1);
	}

	@Test
	void fencedDeleteShouldCheckTheStoredVersion() {
		CheckpointEngine a = replica();
		CheckpointEngine b = replica();
		long version = a.write(List.of(write("Gone", 1, 0, 0, true)), NONE).get(0).version();
		assertThatExceptionOfType(PreconditionFailedException.class).isThrownBy(() -> b.delete("Gone", version + 1, null));
		assertThat(b.delete("Gone", version, null)).isNull();
		CheckpointEngine restarted = replica();
		assertThat(restarted.state("Gone")).isNull();
	}

	@Test
	void leaseAcquiredOnAnotherReplicaShouldFenceTokenlessWritesOnceLeasesAreRefreshed() {
		CheckpointEngine a = replica();
		CheckpointEngine b = replica();
		Lease lease = a.leases().acquire("Forwarded", "collector-a", Duration.ofMinutes(1));
		b.leases().refresh();
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> b.write(List.of(write("ForwardedEvents", 1, 0, 0, false)), NONE));
		b.write(List.of(write("ForwardedEvents", 1, 0, 0, false)), new WriteOptions(false, false, lease.token()));
		this.clock.advance(Duration.ofMinutes(2));
		assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(() -> b
			.write(List.of(write("ForwardedEvents", 2, 0, 0, false)), new WriteOptions(false, false, lease.token())));
	}

	@Test
	void tokenlessWriteByAReplicaNotYetAwareOfALeaseShouldBeDroppedByTheFlush() {
		CheckpointEngine a = replica();
		CheckpointEngine b = replica();
		a.write(List.of(write("Setup", 1, 0, 0, true)), NONE);
		b.write(List.of(write("Setup/early", 1, 0, 0, false)), NONE);
		this.clock.advance(Duration.ofSeconds(1));
		a.leases().acquire("Setup", "collector-a", Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(1));
		// b has not refreshed its leases: the write takes the unconditional path, answered at once.
		b.write(List.of(write("Setup/late", 1, 0, 0, false)), NONE);
		b.flush(Duration.ofSeconds(10));
		CheckpointEngine restarted = replica();
		assertThat(restarted.state("Setup/early")).isNotNull();
		assertThat(restarted.state("Setup/late")).isNull();
	}

	@Test
	void tokenShouldStopWorkingAfterReleaseAndAfterExpiry() {
		CheckpointEngine a = replica();
		Lease first = a.leases().acquire("exp/", "vm-1", Duration.ofSeconds(60));
		a.write(List.of(write("exp/Security", 1, 0, 0, false)), new WriteOptions(true, false, first.token()));
		assertThat(a.leases().release("exp/", first.token())).isEqualTo(first);
		assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(() -> a
			.write(List.of(write("exp/Security", 3, 0, 0, false)), new WriteOptions(true, false, first.token())));
		a.write(List.of(write("exp/Security", 3, 0, 0, false)), new WriteOptions(true, false, null));
		Lease second = a.leases().acquire("exp/", "vm-2", Duration.ofSeconds(60));
		this.clock.advance(Duration.ofSeconds(60));
		assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(() -> a
			.write(List.of(write("exp/Security", 4, 0, 0, false)), new WriteOptions(true, false, second.token())));
	}

}
