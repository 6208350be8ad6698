package io.eventcheckpoint.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one long-lived holder of a tracked log's state and metadata, changed in place.
 * <p>
 * A change writes numbers into the slot the log already has instead of putting a new object into
 * the map: under load every log is written again seconds later, so a new state per write lived
 * through several young collections and was copied at each, and its reference from the old map
 * entry had to be scanned; those copies and scans were most of a young pause. What a write
 * allocates now (the {@link TrackedState} it hands to the pending changes, the fleet index and the
 * caller) dies young. A write stores only numbers, and the bookmark only when it is another string,
 * so it dirties no card of the old generation.
 * <p>
 * A read copies: a slot keeps no copy it handed out, so an idle log costs one object however it is
 * read (a listing, a snapshot, the fleet index at start-up). Two reads without a write between them
 * give equal copies, not the same object; a store that skips unchanged logs compares versions.
 * <p>
 * Writers hold the name's bin lock of the states map; readers take a consistent copy. Both
 * synchronize on the slot, which no one else locks, so a reader never sees half of a change.
 */
final class StateSlot {

	private final String name;

	private long recordNumber;

	private long epochSecond;

	private int nano;

	private int offsetSeconds;

	private String bookmark;

	private long updatedAtSecond;

	private int updatedAtNano;

	private long version;

	private long epoch;

	StateSlot(TrackedState state) {
		this.name = state.name();
		write(state);
	}

	String name() {
		return this.name;
	}

	/**
	 * Take a new state; the caller holds the name's bin lock.
	 * @param state the state, under this slot's name
	 */
	synchronized void write(TrackedState state) {
		this.recordNumber = state.recordNumber();
		this.epochSecond = state.epochSecond();
		this.nano = state.nano();
		this.offsetSeconds = state.offsetSeconds();
		if (this.bookmark != state.bookmark()) {
			this.bookmark = state.bookmark();
		}
		this.updatedAtSecond = state.updatedAtSecond();
		this.updatedAtNano = state.updatedAtNano();
		this.version = state.version();
		this.epoch = state.epoch();
	}

	/** @return a new copy of the current state, under the name string the slot holds */
	synchronized TrackedState read() {
		return new TrackedState(this.name, this.recordNumber, this.epochSecond, this.nano, this.offsetSeconds,
				this.bookmark, this.updatedAtSecond, this.updatedAtNano, this.version, this.epoch);
	}

	/**
	 * Put a new state into a name's slot, or into a new slot for a new name.
	 * @param slot the name's slot, {@code null} if it is not tracked
	 * @param state the new state
	 * @return the slot to keep in the map
	 */
	static StateSlot store(StateSlot slot, TrackedState state) {
		if (slot == null) {
			return new StateSlot(state);
		}
		slot.write(state);
		return slot;
	}

	/**
	 * The state a writer is about to replace.
	 * @param slot a name's slot, or {@code null}
	 * @return a copy of its state, {@code null} if there is no slot
	 */
	static TrackedState readForChange(StateSlot slot) {
		return (slot != null) ? slot.read() : null;
	}

	/**
	 * A read-only view of the slots as states: each lookup returns a copy of the current state.
	 * @param slots the engine's slots by name
	 * @return the view, which follows the slots
	 */
	static Map<String, TrackedState> view(ConcurrentHashMap<String, StateSlot> slots) {
		return new View(slots);
	}

	private static final class View extends AbstractMap<String, TrackedState> {

		private final ConcurrentHashMap<String, StateSlot> slots;

		private final Set<Entry<String, TrackedState>> entries = new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, TrackedState>> iterator() {
				Iterator<StateSlot> values = View.this.slots.values().iterator();
				return new Iterator<>() {

					@Override
					public boolean hasNext() {
						return values.hasNext();
					}

					@Override
					public Entry<String, TrackedState> next() {
						StateSlot slot = values.next();
						return new SimpleImmutableEntry<>(slot.name(), slot.read());
					}

				};
			}

			@Override
			public int size() {
				return View.this.slots.size();
			}

		};

		View(ConcurrentHashMap<String, StateSlot> slots) {
			this.slots = slots;
		}

		@Override
		public TrackedState get(Object name) {
			StateSlot slot = this.slots.get(name);
			return (slot != null) ? slot.read() : null;
		}

		@Override
		public boolean containsKey(Object name) {
			return this.slots.containsKey(name);
		}

		@Override
		public int size() {
			return this.slots.size();
		}

		@Override
		public boolean isEmpty() {
			return this.slots.isEmpty();
		}

		@Override
		public Set<String> keySet() {
			return Collections.unmodifiableSet(this.slots.keySet());
		}

		@Override
		public Set<Entry<String, TrackedState>> entrySet() {
			return this.entries;
		}

	}

}
