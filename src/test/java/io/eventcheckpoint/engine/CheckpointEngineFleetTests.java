package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.InMemoryCheckpointStore;
import io.eventcheckpoint.support.MutableClock;
import io.eventcheckpoint.support.TestEngines;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Last-update times, groups per collector and the conditional clean-up, on an injected clock.
 */
class CheckpointEngineFleetTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	@RegisterExtension
	final TestEngines engines = new TestEngines(this.clock);

	@Test
	void persistShouldStampTheReceiveTimeAsTheLastUpdateNotTheRecordsTimestamp() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		engine.persist("host-a/Security", 1, TIME);
		assertThat(engine.metadata("host-a/Security").updatedAt()).isEqualTo(START);
		this.clock.advance(Duration.ofMinutes(5));
		engine.persist("host-a/Security", 2, TIME);
		assertThat(engine.metadata("host-a/Security").updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
		engine.delete("host-a/Security");
		assertThat(engine.metadata("host-a/Security")).isNull();
	}

	@Test
	void groupsAtDepthOneShouldGroupByTheNameUpToTheFirstSlash() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		engine.persist("host-b/Security", 1, TIME);
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("host-a/Application", 1, TIME);
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("host-a/Microsoft-Windows-Sysmon/Operational", 1, TIME);
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("Security", 1, TIME);
		assertThat(engine.fleet().groups(1, (name) -> true)).containsExactly(
				new LogGroup("Security", 1, START.plusSeconds(180), START.plusSeconds(180)),
				new LogGroup("host-a/", 2, START.plusSeconds(120), START.plusSeconds(60)),
				new LogGroup("host-b/", 1, START, START));
	}

	@Test
	void groupsAtDepthTwoShouldGroupByTheNameUpToTheSecondSlash() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		engine.persist("dc1/host-a/Security", 1, TIME);
		engine.persist("dc1/host-a/Application", 1, TIME);
		engine.persist("dc1/host-b/Security", 1, TIME);
		engine.persist("dc2/host-a/Security", 1, TIME);
		engine.persist("dc2/lonely", 1, TIME);
		assertThat(engine.fleet().groups(2, (name) -> true)).extracting(LogGroup::prefix, LogGroup::logs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("dc1/host-a/", 2),
					org.assertj.core.groups.Tuple.tuple("dc1/host-b/", 1),
					org.assertj.core.groups.Tuple.tuple("dc2/host-a/", 1),
					org.assertj.core.groups.Tuple.tuple("dc2/lonely", 1));
		assertThat(engine.fleet().groups(1, (name) -> name.startsWith("dc2/"))).extracting(LogGroup::prefix, LogGroup::logs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("dc2/", 2));
	}

	@Test
	void cleanUpShouldMatchExactlyTheLogsNotUpdatedWithinTheWindowAndKeepAQuietLogUpdatedInside() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		engine.persist("gone-1/Security", 1, TIME);
		engine.persist("gone-2/Security", 1, TIME);
		engine.persist("quiet/Security", 1, TIME);
		this.clock.advance(Duration.ofDays(20));
		// Quiet: one update in 30 days, inside the window.
		engine.persist("quiet/Security", 2, TIME);
		this.clock.advance(Duration.ofDays(11));
		engine.persist("busy/Security", 1, TIME);
		Instant cutoff = this.clock.instant().minus(Duration.ofDays(30));
		List<String> matched = engine.fleet().notUpdatedSince("", cutoff, (name) -> true);
		assertThat(matched).containsExactly("gone-1/Security", "gone-2/Security");
		assertThat(engine.fleet().notUpdatedSince("gone-2/", cutoff, (name) -> true)).containsExactly("gone-2/Security");
		assertThat(engine.size()).isEqualTo(4);

		List<EventLogState> deleted = engine.fleet().deleteNotUpdatedSince(matched, cutoff);
		assertThat(deleted).extracting(EventLogState::name).containsExactly("gone-1/Security", "gone-2/Security");
		assertThat(engine.states().keySet()).containsExactlyInAnyOrder("quiet/Security", "busy/Security");
	}

	@Test
	void cleanUpShouldKeepALogUpdatedAfterItWasListed() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine engine = this.engines.start(store);
		engine.persist("host-a/Security", 1, TIME);
		engine.persist("host-a/Application", 1, TIME);
		this.clock.advance(Duration.ofDays(2));
		Instant cutoff = this.clock.instant().minus(Duration.ofDays(1));
		List<String> matched = engine.fleet().notUpdatedSince("host-a/", cutoff, (name) -> true);
		engine.persist("host-a/Security", 2, TIME);
		assertThat(engine.fleet().deleteNotUpdatedSince(matched, cutoff)).extracting(EventLogState::name)
			.containsExactly("host-a/Application");
		engine.flush(Duration.ofSeconds(5));
		assertThat(store.states()).containsOnlyKeys("host-a/Security");
		assertThat(engine.pendingUpdates()).isZero();
	}

	@Test
	void loadedLogsWithoutMetadataShouldCountAsUpdatedAtTheStoresUpdateTime() {
		OffsetDateTime written = OffsetDateTime.parse("2025-06-01T00:00:00Z");
		InMemoryCheckpointStore store = new InMemoryCheckpointStore().with(written,
				new EventLogState("host-a/Security", 1, TIME));
		CheckpointEngine engine = this.engines.start(store);
		assertThat(engine.metadata("host-a/Security").updatedAt()).isEqualTo(written.toInstant());
	}

	@Test
	void flushShouldHandTheMetadataOfEveryLogToTheStore() {
		InMemoryCheckpointStore store = new InMemoryCheckpointStore();
		CheckpointEngine engine = this.engines.start(store);
		engine.persist("host-a/Security", 1, TIME);
		engine.flush(Duration.ofSeconds(5));
		FlushBatch batch = store.batches().get(store.batches().size() - 1);
		assertThat(batch.metadata().apply("host-a/Security")).isEqualTo(new LogMetadata(START, 1, 0));
		assertThat(batch.changes()).singleElement().satisfies((change) -> assertThat(change.receivedAt()).isEqualTo(START));
	}

	@Test
	void applyExternalShouldTakeTheLastUpdateTimeSavedByTheOtherReplica() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		Instant elsewhere = START.minus(Duration.ofHours(3));
		engine.applyExternal(List.of(new EventLogState("host-a/Security", 1, TIME)), List.of(),
				Map.of("host-a/Security", new LogMetadata(elsewhere)));
		assertThat(engine.metadata("host-a/Security").updatedAt()).isEqualTo(elsewhere);
		engine.applyExternal(List.of(), List.of("host-a/Security"), Map.of());
		assertThat(engine.metadata("host-a/Security")).isNull();
	}

}
