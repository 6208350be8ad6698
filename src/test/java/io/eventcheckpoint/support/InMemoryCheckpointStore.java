package io.eventcheckpoint.support;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;

/**
 * A store in memory that tests script: fail the next N saves (or every save), hold a save until it
 * is released, and read back what was saved, the batches and how many saves there were.
 */
public class InMemoryCheckpointStore implements CheckpointStore {

	private final String description;

	private final Map<String, EventLogState> saved = new ConcurrentHashMap<>();

	private final List<FlushBatch> batches = new CopyOnWriteArrayList<>();

	private final AtomicInteger saves = new AtomicInteger();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicInteger failNext = new AtomicInteger();

	private volatile boolean failing;

	private volatile String failureMessage = "No space left on device";

	private volatile CountDownLatch hold;

	private volatile CountDownLatch saving = new CountDownLatch(1);

	private volatile OffsetDateTime updateTime;

	/** The order {@link #load()} lists the states in, or {@code null} for Go's order. */
	private volatile List<EventLogState> loadOrder;

	public InMemoryCheckpointStore() {
		this("memory");
	}

	public InMemoryCheckpointStore(String description) {
		this.description = description;
	}

	/**
	 * Start with these states, as if loaded from a file written at {@code updateTime}.
	 * @param updateTime the loaded update time
	 * @param states the states, loaded in this order
	 * @return this store
	 */
	public InMemoryCheckpointStore with(OffsetDateTime updateTime, EventLogState... states) {
		this.updateTime = updateTime;
		for (EventLogState state : states) {
			this.saved.put(state.name(), state);
		}
		this.loadOrder = List.of(states);
		return this;
	}

	/** Fail the next {@code saves} saves with an {@link IOException}. */
	public InMemoryCheckpointStore failNext(int saves) {
		this.failNext.set(saves);
		return this;
	}

	/** Fail every save until called with {@code false}. */
	public InMemoryCheckpointStore failing(boolean failing) {
		this.failing = failing;
		return this;
	}

	/** The message of the {@link IOException} of a failed save. */
	public InMemoryCheckpointStore failureMessage(String message) {
		this.failureMessage = message;
		return this;
	}

	/** Make the next saves wait in {@link #save} until {@link #release()}. */
	public InMemoryCheckpointStore hold() {
		this.saving = new CountDownLatch(1);
		this.hold = new CountDownLatch(1);
		return this;
	}

	/** Let held saves go on. */
	public void release() {
		CountDownLatch latch = this.hold;
		this.hold = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	/**
	 * Wait until a save has started (since the last {@link #hold()}).
	 * @return whether one started within 10 seconds
	 */
	public boolean awaitSaving() throws InterruptedException {
		return this.saving.await(10, TimeUnit.SECONDS);
	}

	@Override
	public LoadedCheckpoint load() {
		List<EventLogState> order = this.loadOrder;
		if (order == null) {
			order = new ArrayList<>(new TreeMap<>(this.saved).values());
		}
		return new LoadedCheckpoint(List.copyOf(order), this.updateTime);
	}

	@Override
	public long save(FlushBatch batch) throws IOException {
		this.saving.countDown();
		CountDownLatch latch = this.hold;
		if (latch != null) {
			try {
				latch.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.failing || this.failNext.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			this.failures.incrementAndGet();
			throw new IOException(this.failureMessage);
		}
		for (FlushBatch.Change change : batch.changes()) {
			if (change.deleted()) {
				this.saved.remove(change.name());
			}
			else {
				this.saved.put(change.name(), change.state());
			}
		}
		this.updateTime = batch.updateTime();
		this.batches.add(batch);
		this.saves.incrementAndGet();
		return batch.changes().size();
	}

	/** @return the states as saved, name to state */
	public Map<String, EventLogState> states() {
		return Map.copyOf(this.saved);
	}

	/** @return every successful save's batch, in order */
	public List<FlushBatch> batches() {
		return List.copyOf(this.batches);
	}

	/** @return successful saves */
	public int saves() {
		return this.saves.get();
	}

	/** @return failed saves */
	public int failures() {
		return this.failures.get();
	}

	@Override
	public String description() {
		return this.description;
	}

}
