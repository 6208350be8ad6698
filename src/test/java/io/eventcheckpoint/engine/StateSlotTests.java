package io.eventcheckpoint.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A log's slot is changed in place: what is read back must be one whole state, never half of one
 * change and half of the next, and the map view must follow the slots.
 */
class StateSlotTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2017-12-05T15:16:31.1188124+05:30");

	private static TrackedState state(String name, long n, String bookmark) {
		EventLogState position = new EventLogState(name, n, TIME.plusNanos(n), bookmark);
		return new TrackedState(position, null, Instant.ofEpochSecond(1_700_000_000L + n, (int) n), n, n);
	}

	@Test
	void writeShouldReplaceEveryFieldAndKeepTheSlotsName() {
		String name = new String("Application");
		StateSlot slot = new StateSlot(state(name, 1, "<BookmarkList/>"));
		slot.write(state(new String(name), 2, null));
		TrackedState read = slot.read();
		assertThat(read).isEqualTo(state(name, 2, null));
		assertThat(read.bookmark()).isNull();
		assertThat(read.updatedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_002L, 2));
		assertThat(read.version()).isEqualTo(2);
		assertThat(read.epoch()).isEqualTo(2);
		assertThat(read.name()).isSameAs(name);
	}

	@Test
	void readsShouldCopyAndKeepNoCopy() {
		StateSlot slot = new StateSlot(state("App", 1, null));
		TrackedState first = slot.read();
		// A cached copy would make an idle log cost two objects after a listing or a snapshot.
		assertThat(slot.read()).isNotSameAs(first).isEqualTo(first);
		assertThat(slot.read().version()).isEqualTo(first.version());
	}

	@Test
	void readersShouldNeverSeeHalfOfAChange() throws Exception {
		StateSlot slot = new StateSlot(state("Security", 1, null));
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> writer = pool.submit(() -> {
				for (long n = 2; n < 300_000; n++) {
					slot.write(state("Security", n, ((n & 1) == 0) ? null : "b" + n));
				}
				done.set(true);
			});
			Future<Long> reader = pool.submit(() -> {
				long reads = 0;
				while (!done.get()) {
					TrackedState read = slot.read();
					long n = read.recordNumber();
					// Every field of one write comes from the same n.
					assertThat(read.version()).isEqualTo(n);
					assertThat(read.epoch()).isEqualTo(n);
					assertThat(read.updatedAtSecond()).isEqualTo(1_700_000_000L + n);
					assertThat(read.timestamp()).isEqualTo(TIME.plusNanos(n));
					assertThat(read.bookmark()).isEqualTo(((n & 1) == 0 || n == 1) ? null : "b" + n);
					reads++;
				}
				return reads;
			});
			writer.get(60, TimeUnit.SECONDS);
			assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void viewShouldFollowTheSlotsAndRefuseChanges() {
		ConcurrentHashMap<String, StateSlot> slots = new ConcurrentHashMap<>();
		Map<String, TrackedState> view = StateSlot.view(slots);
		assertThat(view).isEmpty();
		slots.put("App", new StateSlot(state("App", 1, null)));
		slots.put("Sec", new StateSlot(state("Sec", 2, null)));
		slots.get("App").write(state("App", 3, null));
		assertThat(view).hasSize(2).containsOnlyKeys("App", "Sec");
		assertThat(view.get("App").recordNumber()).isEqualTo(3);
		assertThat(view.get("Nope")).isNull();
		assertThat(Map.copyOf(view)).containsEntry("App", state("App", 3, null)).containsEntry("Sec", state("Sec", 2, null));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> view.put("X", state("X", 1, null)));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> view.keySet().remove("App"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> view.entrySet().clear());
		slots.remove("Sec");
		assertThat(view).containsOnlyKeys("App");
	}

}
