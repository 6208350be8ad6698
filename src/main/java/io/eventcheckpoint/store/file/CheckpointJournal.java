package io.eventcheckpoint.store.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch.Change;
import io.eventcheckpoint.engine.SideState;
import io.eventcheckpoint.format.StateReplacer;
import io.eventcheckpoint.store.file.JournalFaults.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal beside the checkpoint file: numbered segments of checksummed records,
 * appended and forced by the flush thread, rotated and deleted by snapshots.
 * <p>
 * Locking: {@link #lock} guards the open segment and the segment sizes. An append holds it through
 * its fsync, so a rotation waits at most one fsync and never splits a flush across segments.
 */
final class CheckpointJournal implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointJournal.class);

	/** A segment is closed and a new one opened beyond this, even if no snapshot runs. */
	static final long MAX_SEGMENT = 256L << 20;

	private final Path directory;

	private final String prefix;

	private final JournalFaults faults;

	private final Object lock = new Object();

	/** Record bytes of every segment on disk by number; guarded by {@link #lock}. */
	private final TreeMap<Long, Long> sizes = new TreeMap<>();

	private FileChannel current;

	private long currentNumber;

	/** The open segment's identity (device and inode), to notice it being moved or deleted. */
	private Object currentKey;

	/** The path of {@link #currentNumber}'s segment: checked on every append, so built once. */
	private Path currentPath;

	private long truncations;

	CheckpointJournal(Path file, JournalFaults faults) {
		this.directory = file.getParent();
		this.prefix = file.getFileName() + ".journal.";
		this.faults = faults;
	}

	/** The result of a replay: every state, the journal's changes merged in. */
	record Replay(List<EventLogState> states, OffsetDateTime updateTime, long records, int damagedSegments) {
	}

	/** What {@link #scan} found, for the YAML reader and then {@link #finish}. */
	static final class Scan {

		private final JournalReplay replay;

		private final JournalMerge merge;

		private final JournalTarget target;

		private final Map<Path, Long> cuts;

		private final int damaged;

		private final boolean repair;

		private Scan(JournalReplay replay, JournalTarget target, Map<Path, Long> cuts, int damaged, boolean repair) {
			this.replay = replay;
			this.repair = repair;
			this.merge = replay.merge(target);
			this.target = target;
			this.cuts = cuts;
			this.damaged = damaged;
		}

		/** @return what the YAML reader hands each snapshot state to */
		StateReplacer merge() {
			return this.merge;
		}

	}

	/**
	 * Open the journal, step one: check every segment's records and index the newest change of
	 * each name. Nothing is changed on disk yet.
	 * @param target the side file's metadata and leases, updated in place by the merge
	 * @param repair whether {@link #finish} will cut damaged segments and open a new one
	 * @return the records, for the YAML reader ({@link Scan#merge()}) and then {@link #finish}
	 */
	Scan scan(JournalTarget target, boolean repair) throws IOException {
		JournalReplay replay = new JournalReplay();
		Map<Path, Long> cuts = new LinkedHashMap<>();
		int damaged = 0;
		long last = 0;
		for (long number : segmentNumbers()) {
			Path segment = segment(number);
			ByteBuffer in = map(segment);
			last = number;
			if (in.remaining() < JournalCodec.HEADER && isPrefixOfMagic(in)) {
				// Created and never published: the crash came before any record could be acknowledged.
				this.sizes.put(number, 0L);
				continue;
			}
			if (!hasMagic(in)) {
				logger.warn("Journal segment {} does not start with the journal header; reading records anyway",
						segment);
			}
			in.position(Math.min(JournalCodec.HEADER, in.limit()));
			while (replay.add(in)) {
				// Checked and kept; merged while the YAML file is read.
			}
			if (in.hasRemaining() && !repair) {
				logger.warn("Journal segment {} is damaged at byte {}", segment, in.position());
			}
			else if (in.hasRemaining()) {
				damaged++;
				this.truncations++;
				logger.warn("Journal segment {} is damaged at byte {}: cut it there, dropping {} bytes that hold "
						+ "no whole record with a good checksum (a write torn by a crash, or damage on disk). "
						+ "Every record before the damage was replayed", segment, in.position(), in.remaining());
				cuts.put(segment, (long) in.position());
			}
			this.sizes.put(number, Math.max(0L, in.position() - JournalCodec.HEADER));
		}
		this.currentNumber = last;
		return new Scan(replay, target, cuts, damaged, repair);
	}

	/**
	 * Open the journal, step two, once the YAML reader handed every snapshot state to
	 * {@link Scan#merge()}: merge the rest, cut damaged segments (only now, as nothing past a cut
	 * may be read) and, when repairing, open a new segment for appends: old segments are never
	 * appended to again.
	 * @param scan what {@link #scan} found
	 * @param states the states the merge kept, in file order
	 * @return every state and what was replayed
	 */
	Replay finish(Scan scan, List<EventLogState> states) throws IOException {
		List<EventLogState> merged = scan.merge.finish(states);
		scan.replay.applySide(scan.target);
		for (Map.Entry<Path, Long> cut : scan.cuts.entrySet()) {
			try (FileChannel channel = FileChannel.open(cut.getKey(), StandardOpenOption.WRITE)) {
				channel.truncate(cut.getValue());
				channel.force(true);
			}
		}
		if (scan.repair) {
			openSegment(this.currentNumber + 1);
		}
		return new Replay(merged, scan.replay.updateTime(), scan.replay.records(), scan.damaged);
	}

	/**
	 * Map a segment read-only rather than copy it onto the heap: a journal after a crash may hold
	 * more than the heap has to spare, and the pages are read once.
	 */
	private static ByteBuffer map(Path segment) throws IOException {
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
			return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
		}
	}

	/**
	 * Append a flush's changes and force them to disk.
	 * @return the bytes appended
	 */
	long append(OffsetDateTime updateTime, List<Change> changes, SideState side) throws IOException {
		List<ByteBuffer> frames = new ArrayList<>();
		JournalCodec.encode(updateTime, changes, frames::add);
		if (side != null) {
			frames.add(JournalCodec.encodeSide(updateTime, side));
		}
		synchronized (this.lock) {
			if (this.current == null || this.sizes.getOrDefault(this.currentNumber, 0L) >= MAX_SEGMENT) {
				openSegment(this.currentNumber + 1);
			}
			FileChannel channel = this.current;
			long start = channel.position();
			long bytes = 0;
			try {
				ByteBuffer[] buffers = frames.toArray(new ByteBuffer[0]);
				for (ByteBuffer frame : buffers) {
					bytes += frame.remaining();
				}
				while (buffers[buffers.length - 1].hasRemaining()) {
					channel.write(buffers);
				}
				this.faults.reached(Step.APPEND_WRITTEN);
				// fdatasync: it also writes the file's new size, the one piece of metadata a reader needs.
				channel.force(false);
				checkStillInPlace();
			}
			catch (IOException | RuntimeException ex) {
				abandon(channel, start);
				throw ex;
			}
			this.sizes.merge(this.currentNumber, bytes, Long::sum);
			return bytes;
		}
	}

	/**
	 * An open channel writes on even when its file was deleted or its directory moved away, and a
	 * restart would never see those records: fail the append instead, so the engine keeps the
	 * changes and retries them into a new segment (one stat per flush).
	 */
	private void checkStillInPlace() throws IOException {
		Object key;
		try {
			key = Files.readAttributes(this.currentPath, BasicFileAttributes.class).fileKey();
		}
		catch (IOException ex) {
			throw new IOException("Journal segment " + this.currentPath + " is gone: " + ex, ex);
		}
		if (key != null && !key.equals(this.currentKey)) {
			throw new IOException("Journal segment " + this.currentPath + " was replaced");
		}
	}

	/**
	 * A failed append may have left part of a record: cut it off, and append to a new segment
	 * anyway, so no good record ever follows a torn one in the same segment.
	 */
	private void abandon(FileChannel channel, long goodSize) {
		this.current = null;
		try (channel) {
			channel.truncate(goodSize);
		}
		catch (IOException ex) {
			logger.warn("Could not cut a failed append off journal segment {}: {}", segment(this.currentNumber),
					ex.toString());
		}
	}

	/**
	 * Start a new segment, so a snapshot read from now on covers every record of the older ones.
	 * @return the number of the last segment the snapshot covers, or -1 if the journal holds nothing
	 */
	long rotate() throws IOException {
		synchronized (this.lock) {
			if (bytes() == 0 && this.sizes.size() <= 1) {
				return -1;
			}
			long covered = this.currentNumber;
			closeCurrent();
			openSegment(covered + 1);
			return covered;
		}
	}

	/** Delete every segment up to and including a number, after a snapshot covering them is durable. */
	void deleteThrough(long number) throws IOException {
		List<Long> doomed;
		synchronized (this.lock) {
			doomed = new ArrayList<>(this.sizes.headMap(number, true).keySet());
		}
		for (long each : doomed) {
			Files.deleteIfExists(segment(each));
			synchronized (this.lock) {
				this.sizes.remove(each);
			}
		}
		Directories.force(this.directory);
	}

	/** Delete every segment; only once a snapshot covers all of them and nothing appends any more. */
	void deleteAll() throws IOException {
		synchronized (this.lock) {
			closeCurrent();
			deleteThrough(Long.MAX_VALUE);
		}
	}

	/** @return record bytes in all segments on disk */
	long bytes() {
		synchronized (this.lock) {
			long total = 0;
			for (long size : this.sizes.values()) {
				total += size;
			}
			return total;
		}
	}

	/** @return damaged segments cut at start-up */
	long truncations() {
		return this.truncations;
	}

	@Override
	public void close() throws IOException {
		synchronized (this.lock) {
			closeCurrent();
		}
	}

	private void closeCurrent() throws IOException {
		if (this.current != null) {
			this.current.close();
			this.current = null;
		}
	}

	private void openSegment(long number) throws IOException {
		Path segment = segment(number);
		FileChannel channel = FileChannel.open(segment, Set.of(StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), Directories.attributes(Directories.FILE_MODE));
		try {
			channel.write(ByteBuffer.wrap(JournalCodec.MAGIC));
			channel.force(true);
			// The name must be durable before any record in it is acknowledged.
			Directories.force(this.directory);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		this.current = channel;
		this.currentNumber = number;
		this.currentPath = segment;
		this.currentKey = Files.readAttributes(segment, BasicFileAttributes.class).fileKey();
		this.sizes.put(number, 0L);
	}

	Path segment(long number) {
		return this.directory.resolve(this.prefix + String.format("%016x", number));
	}

	List<Long> segmentNumbers() throws IOException {
		List<Long> numbers = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.directory)) {
			files.map((path) -> path.getFileName().toString())
				.filter((name) -> name.startsWith(this.prefix) && name.length() == this.prefix.length() + 16)
				.forEach((name) -> {
					try {
						numbers.add(Long.parseUnsignedLong(name.substring(this.prefix.length()), 16));
					}
					catch (NumberFormatException ex) {
						// Not a segment: some other file with a similar name.
					}
				});
		}
		numbers.sort(null);
		return numbers;
	}

	private static boolean hasMagic(ByteBuffer in) {
		return in.remaining() >= JournalCodec.HEADER
				&& in.slice(0, JournalCodec.HEADER).equals(ByteBuffer.wrap(JournalCodec.MAGIC));
	}

	private static boolean isPrefixOfMagic(ByteBuffer in) {
		for (int i = 0; i < in.remaining(); i++) {
			if (in.get(i) != JournalCodec.MAGIC[i]) {
				return false;
			}
		}
		return true;
	}

}
