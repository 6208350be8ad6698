package io.eventcheckpoint.store.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.NameOrder;
import io.eventcheckpoint.engine.SideState;
import io.eventcheckpoint.format.Utf8Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side file {@code <checkpoint file>.meta}: what the service keeps per log beyond Winlogbeat's
 * four fields, so the YAML file stays exactly what Go's yaml.v2 writes.
 * <p>
 * Format (UTF-8 text, every line ends with a line feed): the line {@code checkpoint-metadata 1},
 * then lines that start with their kind: {@code S <last version> <last lease token>};
 * {@code L <updated_at epoch second> <nanosecond> <version> <epoch> <name>} per log;
 * {@code E <expires epoch second> <nanosecond> <token> <holder> <prefix>} per lease; and
 * {@code C <count>}, which starts a lease block: the {@code count} E lines after it replace every lease read before it. The last
 * field may hold spaces; in every text field {@code \}, line feed and carriage return (and in token
 * and holder, space) are escaped as {@code \\}, {@code \n}, {@code \r} and {@code \s}. Lines are
 * read in order and a later line wins: the last S line, the last L line of a name, and the leases
 * of the last complete lease block (or every E line when there is no C line).
 * <p>
 * A save either <em>rewrites</em> the file (header, S, one L line per log of the snapshot, the E
 * lines: a temporary file, force, rename; the directory is forced with the YAML file's rename that
 * follows) or <em>appends</em> to it: an L line for each log whose version differs from the one
 * the file holds for it or that the flush's changes name, one S line, and a lease
 * block only if the leases changed, then {@code force(false)} (fdatasync: the file exists and its
 * name is durable, so the data and the new size are all an append needs). Either is done before the
 * YAML file of the same snapshot is renamed, and the metadata of each log is read after its state,
 * so after a crash the side file is never older than the YAML file: every state in it has metadata
 * at least as new. By induction that holds for the logs an append skips too: every change of a
 * state or its metadata takes a new version, a log's metadata is read after its state, so a version
 * equal to the one an earlier save wrote means the state read is the one that save covered. The
 * version comparison, not the changes alone, covers writes accepted after the flush took its
 * changes and before it read the snapshot: they reach this YAML file too. (The engine copies a
 * state on every read, so the states themselves cannot be compared as objects.) The names of
 * deleted logs keep their last L line until the next rewrite; metadata of names the YAML file
 * does not hold is ignored at start-up ({@code MetadataLoader}; the journal's
 * replay replaces or removes the metadata of every name it puts or deletes), and can only raise the
 * version counter.
 * <p>
 * A save rewrites instead of appending: the first one after {@link #read()} (the file may end in a
 * torn line, or come from an older release), after a failed save, when a log of the snapshot has no
 * metadata any more (deleted meanwhile: a rewrite drops its line, as it always did), and when the
 * appended part would exceed the last rewrite's size, or {@value #APPEND_FLOOR} bytes if that is
 * larger. So the file is at most about twice its compact size (start-up reads it whole) and the
 * rewrites write no more bytes than the appends before them, while a steady flush appends a few
 * dozen bytes per changed log instead of one line per log (6 MB at 100k logs). {@link #compact}
 * rewrites an appended file when the service stops, so an older release that knows no C line reads
 * the file a clean stop leaves; it reads any file without C lines as this reader does. The
 * journal's snapshots always rewrite.
 * <p>
 * A missing or unreadable side file is not an error: its logs start with defaults (last updated at
 * the file's {@code update_time}). A crash during an append can leave a torn end: a last line
 * without its line feed, a last line that does not parse, or a lease block with fewer E lines than
 * its count; that end is ignored with a WARN and everything before it kept (it belonged to a save
 * whose YAML file was not renamed). A bad header, or a bad line with more lines after it, makes the
 * whole file unreadable as before.
 */
final class MetadataFile {

	private static final Logger logger = LoggerFactory.getLogger(MetadataFile.class);

	static final String HEADER = "checkpoint-metadata 1";

	/** The least an append may grow the file by before a rewrite; see the class comment. */
	static final long APPEND_FLOOR = 64 << 10;

	private final Path file;

	private final Path temporary;

	/** The names and versions of the file's L lines, in name order; {@code null}: the next save rewrites. */
	private Written written;

	/** The counters and leases the file holds. */
	private SideState writtenSide;

	/** The file's size after the last save, and after the last rewrite. */
	private long size;

	private long rewrittenSize;

	/** The lines of one append, reused from save to save unless they grew large. */
	private ByteArrayOutputStream appendBytes;

	private Utf8Buffer appendOut;

	MetadataFile(Path checkpointFile) {
		this.file = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".meta");
		this.temporary = checkpointFile.resolveSibling("." + checkpointFile.getFileName() + ".meta.tmp");
	}

	Path file() {
		return this.file;
	}

	/**
	 * The L lines a save left: names in the snapshot's order, each with the version it wrote.
	 * @param names the names, the states' own strings
	 * @param versions the version of each name's line
	 */
	private record Written(String[] names, long[] versions) {

	}

	/** What the side file held. */
	record Contents(Map<String, LogMetadata> metadata, SideState side) {

		static final Contents EMPTY = new Contents(Map.of(), SideState.EMPTY);

	}

	/**
	 * Read the side file; the next save rewrites it.
	 * @return the metadata by name and the side state, empty when the file is missing or unreadable
	 */
	synchronized Contents read() {
		this.written = null;
		try {
			Files.deleteIfExists(this.temporary);
			try (InputStream in = Files.newInputStream(this.file)) {
				return MetadataLines.read(in, this.file);
			}
		}
		catch (NoSuchFileException ex) {
			return Contents.EMPTY;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Metadata file {} is unreadable ({}); last-update times start from the checkpoint file's "
					+ "update_time", this.file, ex.toString());
			return Contents.EMPTY;
		}
	}

	/**
	 * Save the metadata of a snapshot before its YAML file is renamed: appended when the file
	 * allows, else rewritten (see the class comment).
	 * @param states the snapshot's states, read before any metadata
	 * @param changes the flush's changes: their names get a line even when their state object is
	 * the one saved before (a caller may write one object twice, with a new epoch)
	 * @param metadata the current metadata of each name
	 * @param side the counters and leases
	 * @throws IOException if the file cannot be written; the next save then rewrites it
	 */
	synchronized void save(List<EventLogState> states, List<FlushBatch.Change> changes,
			Function<String, LogMetadata> metadata, SideState side) throws IOException {
		if (this.written != null) {
			long budget = Math.max(this.rewrittenSize, APPEND_FLOOR) - (this.size - this.rewrittenSize);
			if (this.appendBytes == null || this.appendBytes.size() > (1 << 20)) {
				this.appendBytes = new ByteArrayOutputStream(4096);
				this.appendOut = new Utf8Buffer(this.appendBytes);
			}
			Written appended = appendLines(states, changes, metadata, side, budget);
			if (appended != null && append()) {
				this.written = appended;
				this.writtenSide = side;
				return;
			}
		}
		write(states, metadata, side);
	}

	/**
	 * Rewrite the file if saves appended to it, so that it holds one line per log again.
	 * @param metadata the current metadata of each name
	 * @throws IOException if the file cannot be written; it stays as it was
	 */
	synchronized void compact(Function<String, LogMetadata> metadata) throws IOException {
		if (this.written != null && this.size > this.rewrittenSize) {
			rewrite(Arrays.asList(this.written.names()), metadata, this.writtenSide);
		}
	}

	/**
	 * Put the lines of an append into {@link #appendBytes}.
	 * @return the names and versions the file holds after the append, {@code null} if the snapshot
	 * needs a rewrite instead
	 */
	private Written appendLines(List<EventLogState> states, List<FlushBatch.Change> changes,
			Function<String, LogMetadata> metadata, SideState side, long budget) throws IOException {
		Utf8Buffer out = this.appendOut;
		// Whatever an abandoned append left in the buffers goes.
		out.drain();
		this.appendBytes.reset();
		String[] beforeNames = this.written.names();
		long[] beforeVersions = this.written.versions();
		String[] names = new String[states.size()];
		long[] versions = new long[states.size()];
		Set<String> lines = new HashSet<>();
		int i = 0;
		int n = 0;
		for (EventLogState state : states) {
			// Both lists are in name order, so this is a merge; were they not, more lines would be
			// appended, never fewer: a log is skipped only when its version is the one saved before.
			boolean saved = false;
			long savedVersion = 0;
			while (i < beforeNames.length) {
				int order = NameOrder.INSTANCE.compare(beforeNames[i], state.name());
				if (order > 0) {
					break;
				}
				i++;
				if (order == 0) {
					saved = true;
					savedVersion = beforeVersions[i - 1];
					break;
				}
			}
			LogMetadata meta = metadata.apply(state.name());
			if (meta == null) {
				// Deleted since its state was read: a rewrite drops its line.
				return null;
			}
			names[n] = state.name();
			versions[n++] = meta.version();
			if (saved && meta.version() == savedVersion) {
				continue;
			}
			logLine(out, state.name(), meta);
			out.drainIfFull();
			if (this.appendBytes.size() > budget) {
				return null;
			}
			if (!changes.isEmpty()) {
				lines.add(state.name());
			}
		}
		for (FlushBatch.Change change : changes) {
			// A deleted log needs no line: the YAML file will not hold it.
			if (!change.deleted() && lines.add(change.name())
					&& (!logLine(out, change.name(), metadata) || this.appendBytes.size() > budget)) {
				return null;
			}
		}
		sideLine(out, side);
		if (!side.leases().equals(this.writtenSide.leases())) {
			out.utf8("C ");
			out.decimal(side.leases().size());
			out.ascii('\n');
			leaseLines(out, side);
		}
		out.drain();
		return (this.appendBytes.size() <= budget) ? new Written(names, versions) : null;
	}

	/**
	 * Append {@link #appendBytes} and force them.
	 * @return {@code false} if the file is not as the last save left it (then it is rewritten)
	 */
	private boolean append() throws IOException {
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.WRITE)) {
			if (channel.size() != this.size) {
				logger.warn("Metadata file {} changed outside the service ({} bytes, {} expected); rewriting it",
						this.file, channel.size(), this.size);
				return false;
			}
			ByteBuffer bytes = ByteBuffer.wrap(this.appendBytes.toByteArray());
			long position = this.size;
			while (bytes.hasRemaining()) {
				position += channel.write(bytes, position);
			}
			channel.force(false);
			this.size = position;
			return true;
		}
		catch (IOException | RuntimeException ex) {
			// A partial line may be on disk: only a rewrite may follow it.
			this.written = null;
			throw ex;
		}
	}

	/**
	 * Rewrite the metadata of a snapshot, crash-safe.
	 * @param states the snapshot's states
	 * @param metadata the metadata of each state's name
	 * @param side the counters and leases
	 * @throws IOException if the file cannot be written
	 */
	synchronized void write(List<EventLogState> states, Function<String, LogMetadata> metadata, SideState side)
			throws IOException {
		rewrite(states.stream().map(EventLogState::name).toList(), metadata, side);
	}

	private void rewrite(List<String> names, Function<String, LogMetadata> metadata, SideState side)
			throws IOException {
		this.written = null;
		String[] linesNames = new String[names.size()];
		long[] linesVersions = new long[names.size()];
		int n = 0;
		long bytes;
		try (FileChannel channel = FileChannel.open(this.temporary, Set.of(StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
				Directories.attributes(Directories.FILE_MODE))) {
			// Bytes straight into one buffer, as the checkpoint file is written: no Writer call per character.
			Utf8Buffer out = new Utf8Buffer(Channels.newOutputStream(channel));
			out.utf8(HEADER);
			out.ascii('\n');
			sideLine(out, side);
			for (String name : names) {
				LogMetadata meta = metadata.apply(name);
				if (meta == null) {
					continue;
				}
				logLine(out, name, meta);
				out.drainIfFull();
				linesNames[n] = name;
				linesVersions[n++] = meta.version();
			}
			leaseLines(out, side);
			out.drain();
			channel.force(true);
			bytes = channel.size();
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(this.temporary);
			throw ex;
		}
		Files.move(this.temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		this.written = new Written(Arrays.copyOf(linesNames, n), Arrays.copyOf(linesVersions, n));
		this.writtenSide = side;
		this.size = bytes;
		this.rewrittenSize = bytes;
	}

	private static void sideLine(Utf8Buffer out, SideState side) {
		out.utf8("S ");
		out.unsigned(side.lastVersion());
		out.ascii(' ');
		out.decimal(side.lastLeaseToken());
		out.ascii('\n');
	}

	/** @return {@code false} if the log has no metadata (deleted since its state was read): a rewrite drops it */
	private static boolean logLine(Utf8Buffer out, String name, Function<String, LogMetadata> metadata)
			throws IOException {
		LogMetadata meta = metadata.apply(name);
		if (meta == null) {
			return false;
		}
		logLine(out, name, meta);
		out.drainIfFull();
		return true;
	}

	private static void logLine(Utf8Buffer out, String name, LogMetadata meta) {
		out.utf8("L ");
		out.decimal(meta.updatedAtSecond());
		out.ascii(' ');
		out.decimal(meta.updatedAtNano());
		out.ascii(' ');
		out.unsigned(meta.version());
		out.ascii(' ');
		out.unsigned(meta.epoch());
		out.ascii(' ');
		out.utf8(MetadataLines.escape(name, false));
		out.ascii('\n');
	}

	private static void leaseLines(Utf8Buffer out, SideState side) throws IOException {
		for (Lease lease : side.leases()) {
			out.utf8("E ");
			out.decimal(lease.expiresAt().getEpochSecond());
			out.ascii(' ');
			out.decimal(lease.expiresAt().getNano());
			out.ascii(' ');
			out.utf8(MetadataLines.escape(lease.token(), true));
			out.ascii(' ');
			out.utf8(MetadataLines.escape(lease.holder(), true));
			out.ascii(' ');
			out.utf8(MetadataLines.escape(lease.prefix(), false));
			out.ascii('\n');
			out.drainIfFull();
		}
	}

}
