package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.InMemoryCheckpointStore;
import io.eventcheckpoint.support.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fenced writes (issue 15): versions, If-Match and If-None-Match, epochs and the backward-move
 * rule, and leases with their tokens, on a clock the test moves.
 */
class CheckpointEngineFencingTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-01-01T00:00:00Z");

	private static final WriteOptions REJECT = new WriteOptions(true, false, null);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

	private final List<CheckpointEngine> engines = new ArrayList<>();

	@AfterEach
	void shutdownAll() {
		this.engines.forEach(CheckpointEngine::shutdown);
	}

	private CheckpointEngine start() {
		CheckpointEngine engine = new CheckpointEngine(new InMemoryCheckpointStore(),
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));
		this.engines.add(engine);
		return engine;
	}

	private static PositionWrite write(String name, long epoch, long recordNumber) {
		return new PositionWrite(new EventLogState(name, recordNumber, TIME), epoch, 0, false);
	}

	private static PositionWrite ifMatch(String name, long recordNumber, long version) {
		return new PositionWrite(new EventLogState(name, recordNumber, TIME), 0, version, false);
	}

	@Test
	void everyAcceptedChangeShouldTakeAHigherVersionNeverReused() {
		CheckpointEngine engine = start();
		long first = engine.write(List.of(write("A", 0, 1)), WriteOptions.NONE).get(0).version();
		long second = engine.write(List.of(write("A", 0, 2)), WriteOptions.NONE).get(0).version();
		engine.delete("A");
		long third = engine.write(List.of(write("A", 0, 3)), WriteOptions.NONE).get(0).version();
		assertThat(first).isPositive();
		assertThat(second).isGreaterThan(first);
		assertThat(third).isGreaterThan(second);
		assertThat(engine.metadata("A").version()).isEqualTo(third);
	}

	@Test
	void stateAndMetadataReadBackShouldBeThoseOfTheLastWriteAndReachTheStore() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine engine = new CheckpointEngine(store,
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));
		this.engines.add(engine);
		engine.write(List.of(write("A", 1, 5)), WriteOptions.NONE);
		this.clock.advance(Duration.ofSeconds(3));
		LogMetadata written = engine.write(List.of(write("A", 2, 1)), WriteOptions.NONE).get(0);
		assertThat(engine.state("A").recordNumber()).isEqualTo(1);
		assertThat(engine.metadata("A")).isEqualTo(written);
		assertThat(written.epoch()).isEqualTo(2);
		assertThat(written.updatedAt()).isEqualTo(this.clock.instant());
		engine.flush(Duration.ofSeconds(5));
		FlushBatch.Change change = store.batches().get(0).changes().get(0);
		assertThat(change.metadata()).isEqualTo(written);
		assertThat(change.receivedAt()).isEqualTo(written.updatedAt());
		assertThat(change.state()).isEqualTo(new EventLogState("A", 1, TIME));
		assertThat(store.batches().get(0).metadata().apply("A")).isEqualTo(written);
		engine.delete("A");
		assertThat(engine.metadata("A")).isNull();
	}

	@Test
	void ifMatchShouldApplyOnlyOnTheCurrentVersion() {
		CheckpointEngine engine = start();
		long version = engine.write(List.of(write("A", 0, 1)), WriteOptions.NONE).get(0).version();
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> engine.write(List.of(ifMatch("A", 5, version + 100)), WriteOptions.NONE))
			.satisfies((ex) -> assertThat(ex.current().version()).isEqualTo(version));
		assertThat(engine.state("A").recordNumber()).isEqualTo(1);
		long next = engine.write(List.of(ifMatch("A", 5, version)), WriteOptions.NONE).get(0).version();
		assertThat(engine.state("A").recordNumber()).isEqualTo(5);
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> engine.delete("A", version, null));
		assertThat(engine.delete("A", next, null)).isNotNull();
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> engine.write(List.of(ifMatch("A", 6, next)), WriteOptions.NONE));
	}

	@Test
	void ifNoneMatchShouldOnlyCreate() {
		CheckpointEngine engine = start();
		PositionWrite create = new PositionWrite(new EventLogState("A", 1, TIME), 0, 0, true);
		engine.write(List.of(create), WriteOptions.NONE);
		assertThatExceptionOfType(PreconditionFailedException.class)
			.isThrownBy(() -> engine.write(List.of(create), WriteOptions.NONE));
	}

	@Test
	void batchWithOneFailingEntryShouldApplyNothing() {
		CheckpointEngine engine = start();
		engine.write(List.of(write("A", 0, 10), write("B", 0, 10)), WriteOptions.NONE);
		long pending = engine.pendingUpdates();
		assertThatExceptionOfType(BackwardMoveException.class)
			.isThrownBy(() -> engine.write(List.of(write("A", 0, 11), write("C", 0, 1), write("B", 0, 9)), REJECT));
		assertThatExceptionOfType(PreconditionFailedException.class).isThrownBy(
				() -> engine.write(List.of(write("A", 0, 11), ifMatch("B", 12, 999)), WriteOptions.NONE));
		assertThat(engine.state("A").recordNumber()).isEqualTo(10);
		assertThat(engine.state("C")).isNull();
		assertThat(engine.pendingUpdates()).isEqualTo(pending);
	}

	@Test
	void backwardMovesShouldBeRefusedInEpochThenRecordOrderUnlessRewound() {
		CheckpointEngine engine = start();
		engine.write(List.of(write("A", 0, 100)), REJECT);
		assertThatExceptionOfType(BackwardMoveException.class)
			.isThrownBy(() -> engine.write(List.of(write("A", 0, 99)), REJECT))
			.satisfies((ex) -> {
				assertThat(ex.stored().recordNumber()).isEqualTo(100);
				assertThat(ex.storedEpoch()).isZero();
			});
		// Same position again: not backward.
		engine.write(List.of(write("A", 0, 100)), REJECT);
		// The log was cleared: a new epoch starts again at 1.
		engine.write(List.of(write("A", 1, 1)), REJECT);
		assertThat(engine.metadata("A").epoch()).isEqualTo(1);
		assertThatExceptionOfType(BackwardMoveException.class)
			.isThrownBy(() -> engine.write(List.of(write("A", 0, 500)), REJECT));
		// Unsigned: the top epoch is above 1.
		engine.write(List.of(write("A", -1L, 0)), REJECT);
		assertThatExceptionOfType(BackwardMoveException.class)
			.isThrownBy(() -> engine.write(List.of(write("A", 1, 2)), REJECT));
		engine.write(List.of(write("A", 0, 7)), new WriteOptions(true, true, null));
		assertThat(engine.state("A").recordNumber()).isEqualTo(7);
		// allow (the default) lets the last write win.
		engine.write(List.of(write("A", 0, 3)), WriteOptions.NONE);
		assertThat(engine.state("A").recordNumber()).isEqualTo(3);
	}

	@Test
	void leaseShouldFenceWritesUnderItsPrefix() {
		CheckpointEngine engine = start();
		Lease lease = engine.leases().acquire("host-a/", "vm-1", Duration.ofMinutes(1));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.write(List.of(write("host-a/Security", 0, 1)), WriteOptions.NONE));
		assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(
				() -> engine.write(List.of(write("host-a/Security", 0, 1)), new WriteOptions(false, false, "999")));
		engine.write(List.of(write("host-a/Security", 0, 1)), new WriteOptions(false, false, lease.token()));
		engine.write(List.of(write("host-b/Security", 0, 1)), WriteOptions.NONE);
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.delete("host-a/Security", 0, null));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.leases().acquire("host-a/", "vm-2", Duration.ofMinutes(1)));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.leases().acquire("host-a/sub/", "vm-2", Duration.ofMinutes(1)));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.leases().acquire("host-", "vm-2", Duration.ofMinutes(1)));
		// A renewal by the holder keeps the token.
		assertThat(engine.leases().acquire("host-a/", "vm-1", Duration.ofMinutes(5)).token()).isEqualTo(lease.token());
		assertThat(engine.leases().live()).extracting(Lease::prefix).containsExactly("host-a/");
	}

	@Test
	void tokenShouldStopWorkingAfterReleaseAndAfterExpiryAndNeverBeReused() {
		CheckpointEngine engine = start();
		Lease first = engine.leases().acquire("host-a/", "vm-1", Duration.ofMinutes(1));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.leases().release("host-a/", "not-the-token"));
		assertThat(engine.leases().release("host-a/", first.token())).isEqualTo(first);
		WriteOptions withFirst = new WriteOptions(false, false, first.token());
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.write(List.of(write("host-a/Security", 0, 1)), withFirst));
		engine.write(List.of(write("host-a/Security", 0, 1)), WriteOptions.NONE);

		Lease second = engine.leases().acquire("host-a/", "vm-2", Duration.ofMinutes(1));
		assertThat(second.token()).isNotEqualTo(first.token());
		this.clock.advance(Duration.ofSeconds(59));
		engine.write(List.of(write("host-a/Security", 0, 2)), new WriteOptions(false, false, second.token()));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(engine.leases().live()).isEmpty();
		assertThatExceptionOfType(LeaseConflictException.class).isThrownBy(() -> engine
			.write(List.of(write("host-a/Security", 0, 3)), new WriteOptions(false, false, second.token())));
		Lease third = engine.leases().acquire("host-a/", "vm-1", Duration.ofMinutes(1));
		assertThat(third.token()).isNotIn(first.token(), second.token());
	}

	@Test
	void leaseLookupShouldFindTheCoveringPrefixAmongManyNeighbours() {
		CheckpointEngine engine = start();
		for (String prefix : List.of("a", "host-a0/", "host-a/x/", "host-b/", "host-a/y", "zz")) {
			engine.leases().acquire(prefix, "other", Duration.ofMinutes(1));
		}
		engine.write(List.of(write("host-a/Security", 0, 1)), WriteOptions.NONE);
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.write(List.of(write("host-a/x/Security", 0, 1)), WriteOptions.NONE));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.write(List.of(write("host-a/yes", 0, 1)), WriteOptions.NONE));
		assertThatExceptionOfType(LeaseConflictException.class)
			.isThrownBy(() -> engine.write(List.of(write("apple", 0, 1)), WriteOptions.NONE));
	}

}
