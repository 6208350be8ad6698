package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.InMemoryCheckpointStore;
import io.eventcheckpoint.support.MutableClock;
import io.eventcheckpoint.support.TestEngines;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector index behind {@code GET /fleet} at depth 1 answers what a walk of every name
 * answers, whatever changes came before.
 */
class CollectorIndexTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final List<String> SCOPES = List.of("", "h1", "h1/", "h1/L2", "h1/L2/x", "h", "x", "lone");

	private final MutableClock clock = new MutableClock(START);

	@RegisterExtension
	final TestEngines engines = new TestEngines(this.clock);

	@Test
	void groupsShouldMatchTheWalkAfterRandomUpdatesDeletesAndExternalChanges() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		Random random = new Random(16);
		for (int round = 0; round < 200; round++) {
			for (int i = 0; i < 20; i++) {
				String name = randomName(random);
				this.clock.advance(Duration.ofSeconds(random.nextInt(5)));
				switch (random.nextInt(4)) {
					case 0 -> engine.delete(name);
					case 1 -> engine.applyExternal(List.of(new EventLogState(name, 1, TIME)), List.of(), Map.of(name,
							new LogMetadata(START.plusSeconds(random.nextInt(2000)), 1, 0)));
					case 2 -> engine.applyExternal(List.of(), List.of(name));
					default -> engine.persist(name, round, TIME);
				}
			}
			// External changes are taken in only for names without a pending local change.
			engine.flush(Duration.ofSeconds(5));
			for (String scope : SCOPES) {
				assertThat(engine.fleet().groups(1, scope)).as("round %d, scope '%s'", round, scope)
					.isEqualTo(engine.fleet().groups(1, (name) -> name.startsWith(scope)));
				assertThat(pages(engine, 1, scope)).isEqualTo(engine.fleet().groups(1, scope));
				assertThat(pages(engine, 2, scope)).isEqualTo(engine.fleet().groups(2, scope));
			}
		}
	}

	/** Every group, read two at a time. */
	private static List<LogGroup> pages(CheckpointEngine engine, int depth, String scope) {
		List<LogGroup> all = new ArrayList<>();
		String after = null;
		while (true) {
			List<LogGroup> page = engine.fleet().groups(depth, scope, after, 2);
			all.addAll(page);
			if (page.size() < 2) {
				return all;
			}
			after = page.get(1).prefix();
		}
	}

	private static String randomName(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> "lone";
			case 1 -> "h" + random.nextInt(3);
			default -> "h" + random.nextInt(3) + "/L" + random.nextInt(4) + ((random.nextBoolean()) ? "/x" : "");
		};
	}

	@Test
	void updatingTheOldestLogShouldMoveTheGroupsOldestUpdateForward() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		engine.persist("host-a/Security", 1, TIME);
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("host-a/Application", 1, TIME);
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("host-a/System", 1, TIME);
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("host-a/Security", 2, TIME);
		assertThat(engine.fleet().groups(1, ""))
			.containsExactly(new LogGroup("host-a/", 3, START.plusSeconds(180), START.plusSeconds(60)));
		engine.delete("host-a/Application");
		assertThat(engine.fleet().groups(1, ""))
			.containsExactly(new LogGroup("host-a/", 2, START.plusSeconds(180), START.plusSeconds(120)));
	}

	@Test
	void deletingTheLastLogShouldRemoveTheGroupAndAWriteShouldBringItBack() {
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore());
		engine.persist("host-a/Security", 1, TIME);
		engine.delete("host-a/Security");
		assertThat(engine.fleet().groups(1, "")).isEmpty();
		this.clock.advance(Duration.ofMinutes(1));
		engine.persist("host-a/Security", 2, TIME);
		assertThat(engine.fleet().groups(1, ""))
			.containsExactly(new LogGroup("host-a/", 1, START.plusSeconds(60), START.plusSeconds(60)));
	}

	@Test
	void loadedLogsShouldBeGroupedBeforeAnyWrite() {
		OffsetDateTime written = OffsetDateTime.parse("2025-12-31T00:00:00Z");
		CheckpointEngine engine = this.engines.start(new InMemoryCheckpointStore().with(written,
				new EventLogState("host-a/Security", 1, TIME), new EventLogState("host-b/Security", 1, TIME),
				new EventLogState("host-b/System", 1, TIME)));
		assertThat(engine.fleet().groups(1, "")).extracting(LogGroup::prefix, LogGroup::logs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("host-a/", 1),
					org.assertj.core.groups.Tuple.tuple("host-b/", 2));
		assertThat(engine.fleet().groups(1, "host-b/S")).extracting(LogGroup::prefix, LogGroup::logs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("host-b/", 2));
		assertThat(engine.fleet().groups(1, "host-b/Sy")).extracting(LogGroup::prefix, LogGroup::logs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("host-b/", 1));
	}

}
