package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.SideState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.engine.NameOrder;
import io.eventcheckpoint.format.StateReplacer;
import io.eventcheckpoint.store.file.JournalFaults.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps checkpoints in one YAML file in the format of Winlogbeat's Go {@code checkpoint} package,
 * with an append-only journal beside it so that a flush costs what it changes.
 * <p>
 * A save appends the batch's changes to the journal and forces them; a background thread rewrites
 * the YAML file from memory (a snapshot) when the journal has grown or aged, and {@link #close()}
 * writes a last one and deletes the journal. Format, crash points and recovery are described in
 * {@code package-info.java}. Without a journal ({@link JournalSettings#DISABLED}) every save
 * rewrites the file, as releases before the journal did, and appends to the side file
 * ({@link MetadataFile}); {@link #close()} then compacts the side file.
 */
public class YamlFileCheckpointStore implements CheckpointStore {

	private static final Logger logger = LoggerFactory.getLogger(YamlFileCheckpointStore.class);

	private final CheckpointSnapshotFile snapshotFile;

	private final JournalSettings settings;

	private final CheckpointJournal journal;

	/** Versions, epochs, last-update times and leases beside the YAML file, which must stay Go's. */
	private final MetadataFile metadataFile;

	/** The metadata of each name for the next snapshot: the engine's after the first save. */
	private volatile Function<String, LogMetadata> metadataSource = (name) -> null;

	private volatile Supplier<SideState> sideSource = () -> SideState.EMPTY;

	/** The leases last appended to the journal, so the lease state is appended only when it changes. */
	private SideState journaledSide;

	private final Object snapshotLock = new Object();

	private final AtomicBoolean snapshotQueued = new AtomicBoolean();

	private final AtomicLong snapshots = new AtomicLong();

	private final AtomicLong snapshotFailures = new AtomicLong();

	private JournalFaults faults = JournalFaults.NONE;

	private ScheduledExecutorService snapshotter;

	/** Reads every current state for a snapshot: the engine's after the first save. */
	private volatile Supplier<List<EventLogState>> source;

	private volatile OffsetDateTime lastUpdateTime;

	private volatile long lastSnapshotNanos = System.nanoTime();

	private volatile long retryAtNanos;

	/**
	 * Create a store that rewrites the whole file on every save; nothing is read or written until
	 * {@link #load()}.
	 * @param file the checkpoint file
	 * @param onCorrupt what to do when the file is corrupt and no good previous copy exists
	 */
	public YamlFileCheckpointStore(Path file, OnCorrupt onCorrupt) {
		this(file, onCorrupt, JournalSettings.DISABLED);
	}

	/**
	 * Create a store; nothing is read or written until {@link #load()}.
	 * @param file the checkpoint file
	 * @param onCorrupt what to do when the file is corrupt and no good previous copy exists
	 * @param settings whether to journal saves, and when to snapshot
	 */
	public YamlFileCheckpointStore(Path file, OnCorrupt onCorrupt, JournalSettings settings) {
		Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
		this.snapshotFile = new CheckpointSnapshotFile(absolute, Objects.requireNonNull(onCorrupt, "onCorrupt"));
		this.settings = Objects.requireNonNull(settings, "settings");
		this.journal = settings.enabled() ? new CheckpointJournal(absolute, (step) -> this.faults.reached(step))
				: null;
		this.metadataFile = new MetadataFile(absolute);
	}

	/**
	 * Read what a store on this file holds durably, YAML and journal, without changing anything;
	 * for tools and tests, while the service runs or not.
	 * @param file the checkpoint file
	 * @return the states
	 */
	public static LoadedCheckpoint read(Path file) throws IOException {
		Path absolute = file.toAbsolutePath().normalize();
		MetadataFile.Contents side = new MetadataFile(absolute).read();
		JournalTarget target = new JournalTarget(new HashMap<>(side.metadata()), side.side().lastLeaseToken(),
				side.side().leases());
		CheckpointJournal journal = new CheckpointJournal(absolute, JournalFaults.NONE);
		CheckpointJournal.Scan scan = journal.scan(target, false);
		LoadedCheckpoint snapshot = new CheckpointSnapshotFile(absolute, OnCorrupt.FAIL).read(scan.merge());
		CheckpointJournal.Replay replay = journal.finish(scan, snapshot.states());
		return new LoadedCheckpoint(replay.states(), later(snapshot.updateTime(), replay.updateTime()),
				target.metadata, new SideState(side.side().lastVersion(), target.lastLeaseToken, target.leases));
	}

	public Path file() {
		return this.snapshotFile.file();
	}

	public Path previousCopy() {
		return this.snapshotFile.previous();
	}

	@Override
	public String description() {
		return "file:" + this.snapshotFile.file();
	}

	@Override
	public int recoveries() {
		return this.snapshotFile.recoveries();
	}

	/** @return journal segments found damaged and cut at their last good record at start-up */
	public long journalTruncations() {
		return (this.journal != null) ? this.journal.truncations() : 0;
	}

	/** @return bytes of records in the journal that no snapshot covers yet (0 without a journal) */
	public long journalBytes() {
		return (this.journal != null) ? this.journal.bytes() : 0;
	}

	/** @return snapshots written since start-up */
	public long snapshots() {
		return this.snapshots.get();
	}

	/** @return snapshots that failed since start-up (the journal keeps their records) */
	public long snapshotFailures() {
		return this.snapshotFailures.get();
	}

	public JournalSettings settings() {
		return this.settings;
	}

	/** Test hook: where to fail as a crash would. */
	void faults(JournalFaults faults) {
		this.faults = faults;
	}

	@Override
	public LoadedCheckpoint load() throws IOException {
		MetadataFile.Contents side = this.metadataFile.read();
		if (this.journal == null) {
			LoadedCheckpoint snapshot = this.snapshotFile.load(StateReplacer.NONE);
			return new LoadedCheckpoint(snapshot.states(), snapshot.updateTime(), side.metadata(), side.side());
		}
		JournalTarget target = new JournalTarget(new HashMap<>(side.metadata()), side.side().lastLeaseToken(),
				side.side().leases());
		// The journal is indexed first, so the YAML reader swaps each state it replaces as it reads it.
		Directories.create(this.snapshotFile.file().getParent());
		CheckpointJournal.Scan scan = this.journal.scan(target, true);
		LoadedCheckpoint snapshot = this.snapshotFile.load(scan.merge());
		CheckpointJournal.Replay replay = this.journal.finish(scan, snapshot.states());
		List<EventLogState> loaded = replay.states();
		SideState loadedSide = new SideState(side.side().lastVersion(), target.lastLeaseToken, target.leases);
		this.journaledSide = loadedSide;
		this.metadataSource = target.metadata::get;
		this.sideSource = () -> loadedSide;
		this.lastUpdateTime = later(snapshot.updateTime(), replay.updateTime());
		if (replay.records() > 0) {
			logger.info("Replayed {} journal records over {} ({} logs)", replay.records(), this.snapshotFile.file(),
					loaded.size());
			this.source = () -> sorted(loaded);
			// The file is behind the journal: bring it up to date soon rather than after a whole interval.
			this.lastSnapshotNanos = System.nanoTime() - this.settings.snapshotInterval().toNanos();
		}
		startSnapshotter();
		return new LoadedCheckpoint(loaded, this.lastUpdateTime, target.metadata, loadedSide);
	}

	@Override
	public long save(FlushBatch batch) throws IOException {
		if (this.journal == null) {
			List<EventLogState> states = batch.snapshotStates();
			this.metadataSource = batch.metadata();
			// First, and appended when it can be: after a crash before the rename the side file is newer, never older.
			this.metadataFile.save(states, batch.changes(), batch.metadata(), batch.side().get());
			return this.snapshotFile.write(batch.updateTime(), states, true, JournalFaults.NONE);
		}
		this.source = batch.snapshot();
		this.metadataSource = batch.metadata();
		this.sideSource = batch.side();
		SideState side = batch.side().get();
		boolean sideChanged = this.journaledSide == null || side.lastLeaseToken() != this.journaledSide.lastLeaseToken()
				|| !side.leases().equals(this.journaledSide.leases());
		long bytes = this.journal.append(batch.updateTime(), batch.changes(), sideChanged ? side : null);
		if (sideChanged) {
			this.journaledSide = side;
		}
		this.lastUpdateTime = batch.updateTime();
		if (this.journal.bytes() >= this.settings.snapshotJournalSize() && this.snapshotQueued.compareAndSet(false, true)) {
			this.snapshotter.execute(this::snapshotIfDue);
		}
		return bytes;
	}

	/**
	 * Write a last snapshot and delete the journal, leaving exactly the file the Go package reads.
	 * If that fails the journal stays, and the next start replays it.
	 */
	@Override
	public void close() throws IOException {
		if (this.journal == null) {
			compactMetadata();
			return;
		}
		if (this.snapshotter != null) {
			this.snapshotter.shutdown();
			try {
				this.snapshotter.awaitTermination(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (this.snapshotLock) {
			try {
				snapshot();
				this.journal.deleteAll();
			}
			finally {
				this.journal.close();
			}
		}
	}

	/** Leave a side file of one line per log, which releases before appends could read too. */
	private void compactMetadata() {
		try {
			this.metadataFile.compact(this.metadataSource);
		}
		catch (IOException | RuntimeException ex) {
			// The appended file is complete and current: nothing is lost.
			logger.warn("Could not compact metadata file {}: {}", this.metadataFile.file(), ex.toString());
		}
	}

	/**
	 * Stop as a crash would: no snapshot, the journal left as it is; for tests and benchmarks.
	 */
	void halt() throws IOException {
		if (this.snapshotter != null) {
			this.snapshotter.shutdownNow();
		}
		if (this.journal != null) {
			this.journal.close();
		}
	}

	/**
	 * Write a snapshot now if the journal holds anything; for tests and tools.
	 * @return whether a snapshot was written
	 */
	boolean snapshot() throws IOException {
		synchronized (this.snapshotLock) {
			Supplier<List<EventLogState>> states = this.source;
			if (states == null) {
				return false;
			}
			long covered = this.journal.rotate();
			if (covered < 0) {
				return false;
			}
			this.faults.reached(Step.SEGMENT_ROTATED);
			long start = System.nanoTime();
			OffsetDateTime updateTime = this.lastUpdateTime;
			List<EventLogState> all = states.get();
			// Versions may only be read after the states: a newer version beside an older state is harmless.
			this.metadataFile.write(all, this.metadataSource, this.sideSource.get());
			long bytes = this.snapshotFile.write(updateTime, all, true, this.faults);
			this.faults.reached(Step.SNAPSHOT_RENAMED);
			this.journal.deleteThrough(covered);
			this.lastSnapshotNanos = System.nanoTime();
			this.snapshots.incrementAndGet();
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			if (Thread.currentThread().getName().startsWith("checkpoint-snapshot")) {
				logger.debug("Snapshot of {} logs ({} bytes) written to {} in {} ms", all.size(), bytes,
						this.snapshotFile.file(), millis);
			}
			else {
				logger.info("Final snapshot of {} logs ({} bytes) written to {} in {} ms",
						all.size(), bytes, this.snapshotFile.file(), millis);
			}
			return true;
		}
	}

	private void startSnapshotter() {
		this.snapshotter = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "checkpoint-snapshot");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(10, Math.min(1000, this.settings.snapshotInterval().toMillis() / 4));
		this.snapshotter.scheduleWithFixedDelay(this::snapshotIfDue, period, period, TimeUnit.MILLISECONDS);
	}

	/** Runs on the snapshot thread: catches everything, as an escaped exception would cancel the schedule. */
	private void snapshotIfDue() {
		this.snapshotQueued.set(false);
		try {
			long now = System.nanoTime();
			if (this.retryAtNanos != 0 && now - this.retryAtNanos < 0) {
				return;
			}
			boolean aged = now - this.lastSnapshotNanos >= this.settings.snapshotInterval().toNanos();
			boolean large = this.journal.bytes() >= this.settings.snapshotJournalSize();
			if ((aged || large) && snapshot()) {
				this.retryAtNanos = 0;
			}
		}
		catch (Throwable ex) {
			long failures = this.snapshotFailures.incrementAndGet();
			long backoff = Math.min(this.settings.snapshotInterval().toMillis(), 1000L << Math.min(failures, 10));
			this.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
			logger.error("Snapshot of {} failed; the journal keeps every record, retrying in {} ms: {}",
					this.snapshotFile.file(), backoff, ex.toString(), ex);
		}
	}

	private static Map<String, EventLogState> byName(List<EventLogState> states) {
		Map<String, EventLogState> byName = new LinkedHashMap<>(Math.max(16, states.size() * 4 / 3 + 1));
		for (EventLogState state : states) {
			byName.put(state.name(), state);
		}
		return byName;
	}

	private static List<EventLogState> sorted(List<EventLogState> states) {
		String[] names = new String[states.size()];
		Map<String, EventLogState> byName = byName(states);
		byName.keySet().toArray(names);
		NameOrder.sort(names);
		List<EventLogState> sorted = new ArrayList<>(names.length);
		for (String name : names) {
			sorted.add(byName.get(name));
		}
		return sorted;
	}

	private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
		if (a == null) {
			return b;
		}
		return (b == null || !b.isAfter(a)) ? a : b;
	}

}
