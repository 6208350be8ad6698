package io.eventcheckpoint.engine;

import io.eventcheckpoint.support.InMemoryCheckpointStore;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * A state holds its timestamp as three numbers: what goes in must come out equal, with its
 * nanoseconds and offset, and equality must be the record's it replaced.
 */
class EventLogStateTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	@Test
	void timestampShouldComeBackWithItsNanosecondsAndOffset() {
		Random random = new Random(3);
		for (int i = 0; i < 10_000; i++) {
			OffsetDateTime time = randomTime(random);
			EventLogState state = new EventLogState("a", i, time);
			assertThat(state.timestamp()).isEqualTo(time);
			assertThat(state.timestamp().getOffset()).isEqualTo(time.getOffset());
			assertThat(state.epochSecond()).isEqualTo(time.toEpochSecond());
			assertThat(state.nano()).isEqualTo(time.getNano());
			assertThat(state.offsetSeconds()).isEqualTo(time.getOffset().getTotalSeconds());
			assertThat(EventLogState.of("a", i, state.epochSecond(), state.nano(), state.offsetSeconds(), null))
				.isEqualTo(state);
		}
	}

	@Test
	void extremeTimesShouldComeBackEqual() {
		for (OffsetDateTime time : new OffsetDateTime[] { OffsetDateTime.MIN, OffsetDateTime.MAX,
				OffsetDateTime.of(LocalDateTime.MIN, ZoneOffset.UTC), OffsetDateTime.of(LocalDateTime.MAX, ZoneOffset.UTC),
				OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC) }) {
			EventLogState state = new EventLogState("a", 1, time);
			assertThat(state.timestamp()).isEqualTo(time);
			assertThat(EventLogState.of("a", 1, state.epochSecond(), state.nano(), state.offsetSeconds(), null))
				.isEqualTo(state);
		}
	}

	@Test
	void sameInstantAtAnotherOffsetShouldNotBeEqual() {
		EventLogState state = new EventLogState("a", 1, TIME);
		EventLogState utc = new EventLogState("a", 1, TIME.withOffsetSameInstant(ZoneOffset.UTC));
		assertThat(utc.epochSecond()).isEqualTo(state.epochSecond());
		assertThat(utc).isNotEqualTo(state);
	}

	@Test
	void equalityShouldCoverEveryField() {
		EventLogState state = new EventLogState("a", 1, TIME, "b");
		assertThat(new EventLogState("a", 1, OffsetDateTime.parse(TIME.toString()), "b")).isEqualTo(state)
			.hasSameHashCodeAs(state);
		assertThat(new EventLogState("x", 1, TIME, "b")).isNotEqualTo(state);
		assertThat(new EventLogState("a", 2, TIME, "b")).isNotEqualTo(state);
		assertThat(new EventLogState("a", 1, TIME.plusNanos(1), "b")).isNotEqualTo(state);
		assertThat(new EventLogState("a", 1, TIME.plusSeconds(1), "b")).isNotEqualTo(state);
		assertThat(new EventLogState("a", 1, TIME, null)).isNotEqualTo(state);
		assertThat(new EventLogState("a", 1, TIME)).isEqualTo(new EventLogState("a", 1, TIME, null));
		assertThat(state).isNotEqualTo(null).isNotEqualTo("a");
	}

	@Test
	void stateReadBackFromTheEngineShouldEqualThePlainStateBothWaysAndPrintAsOne() {
		EventLogState plain = new EventLogState("a", 7, TIME, "b");
		try (CheckpointEngine engine = new CheckpointEngine(new InMemoryCheckpointStore(), 100, Duration.ofHours(1))) {
			engine.persist(plain);
			// The engine keeps its own instance, which carries the log's metadata too.
			for (EventLogState read : List.of(engine.state("a"), engine.states().get("a"), engine.sortedStates().get(0))) {
				assertThat(read).isEqualTo(plain).hasSameHashCodeAs(plain).hasToString(plain.toString());
				assertThat(plain).isEqualTo(read);
				assertThat(read).isNotEqualTo(new EventLogState("a", 8, TIME, "b"));
				assertThat(new EventLogState("a", 8, TIME, "b")).isNotEqualTo(read);
			}
			assertThat(engine.states()).isEqualTo(Map.of("a", plain));
			assertThat(Map.of("a", plain)).isEqualTo(engine.states());
		}
	}

	@Test
	void toStringShouldReadAsTheRecordsDid() {
		assertThat(new EventLogState("a", -1, TIME, "b")).hasToString(
				"EventLogState[name=a, recordNumber=-1, timestamp=2017-12-05T15:16:31.118812400+05:30, bookmark=b]");
	}

	@Test
	void missingNameOrTimestampShouldBeRefused() {
		assertThatNullPointerException().isThrownBy(() -> new EventLogState(null, 1, TIME)).withMessage("name");
		assertThatNullPointerException().isThrownBy(() -> new EventLogState("a", 1, null)).withMessage("timestamp");
		assertThatNullPointerException().isThrownBy(() -> EventLogState.of(null, 1, 0, 0, 0, null))
			.withMessage("name");
	}

	@Test
	void numbersThatAreNoTimeShouldBeRefused() {
		long max = OffsetDateTime.MAX.toEpochSecond();
		long min = OffsetDateTime.MIN.toEpochSecond();
		long[][] invalid = { { 0, -1, 0 }, { 0, 1_000_000_000, 0 }, { 0, 0, 18 * 3600 + 1 }, { 0, 0, -18 * 3600 - 1 },
				{ max + 1, 0, -18 * 3600 }, { min - 1, 0, 18 * 3600 }, { max, 0, 0 }, { min, 0, 0 },
				{ Long.MAX_VALUE, 0, 3600 }, { Long.MIN_VALUE, 0, -3600 } };
		for (long[] numbers : invalid) {
			assertThatExceptionOfType(DateTimeException.class)
				.as("%d s, %d ns, offset %d", numbers[0], numbers[1], numbers[2])
				.isThrownBy(() -> EventLogState.of("a", 1, numbers[0], (int) numbers[1], (int) numbers[2], null));
		}
		assertThat(EventLogState.of("a", 1, max, 999_999_999, -18 * 3600, null).timestamp()).isEqualTo(OffsetDateTime.MAX);
		assertThat(EventLogState.of("a", 1, min, 0, 18 * 3600, null).timestamp()).isEqualTo(OffsetDateTime.MIN);
	}

	private static OffsetDateTime randomTime(Random random) {
		long second = random.nextLong(-100_000_000_000L, 300_000_000_000L);
		int nano = switch (random.nextInt(3)) {
			case 0 -> 0;
			case 1 -> random.nextInt(1000) * 1_000_000;
			default -> random.nextInt(1_000_000_000);
		};
		ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1));
		return OffsetDateTime.of(LocalDateTime.ofEpochSecond(second, nano, offset), offset);
	}

}
