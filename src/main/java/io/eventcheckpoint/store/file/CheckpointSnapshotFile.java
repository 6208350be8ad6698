package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.format.StateReplacer;
import io.eventcheckpoint.store.file.JournalFaults.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go-format YAML file: read with recovery from {@code <file>.prev}, written atomically.
 * <p>
 * A write goes to a temporary file in the same directory, is forced to disk, and is renamed
 * atomically over the target before the directory itself is forced. Kafka's in-place
 * {@code FileOffsetBackingStore.save()} and Winlogbeat's own truncating writes left empty or
 * NUL-filled files after power losses; this cannot. Before each rename the current file is
 * hard-linked as {@code <file>.prev}, the last good copy that start-up falls back to.
 */
final class CheckpointSnapshotFile {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointSnapshotFile.class);

	private static final DateTimeFormatter ASIDE_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");

	private final Path file;

	private final Path previous;

	private final Path temporary;

	private final OnCorrupt onCorrupt;

	private int recoveries;

	CheckpointSnapshotFile(Path file, OnCorrupt onCorrupt) {
		this.file = file;
		this.previous = file.resolveSibling(file.getFileName() + ".prev");
		this.temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
		this.onCorrupt = onCorrupt;
	}

	Path file() {
		return this.file;
	}

	Path previous() {
		return this.previous;
	}

	int recoveries() {
		return this.recoveries;
	}

	/**
	 * Read the file, recovering from its previous copy when it is missing or corrupt.
	 * @param replacer sees each state read, in file order
	 * @return what the file holds, as the replacer kept it
	 */
	LoadedCheckpoint load(StateReplacer replacer) throws IOException {
		Directories.create(this.file.getParent());
		Files.deleteIfExists(this.temporary);
		byte[] content;
		try {
			content = Files.readAllBytes(this.file);
		}
		catch (NoSuchFileException ex) {
			return replacer.replaceAll(loadWithoutFile());
		}
		if (isBlank(content)) {
			logger.warn("Checkpoint file {} is empty; starting with no positions", this.file);
			return replacer.replaceAll(LoadedCheckpoint.empty());
		}
		try {
			return CheckpointYaml.read(content, replacer);
		}
		catch (CorruptCheckpointException ex) {
			return replacer.replaceAll(recover(ex));
		}
	}

	/**
	 * Read the file (or its previous copy when it is missing) without changing anything.
	 * @return what the file holds
	 */
	LoadedCheckpoint read(StateReplacer replacer) throws IOException {
		try {
			byte[] content = Files.readAllBytes(this.file);
			return isBlank(content) ? replacer.replaceAll(LoadedCheckpoint.empty()) : CheckpointYaml.read(content, replacer);
		}
		catch (NoSuchFileException ex) {
			LoadedCheckpoint copy = readPrevious();
			return replacer.replaceAll((copy != null) ? copy : LoadedCheckpoint.empty());
		}
	}

	private LoadedCheckpoint loadWithoutFile() throws IOException {
		LoadedCheckpoint copy = readPrevious();
		if (copy != null) {
			// Only a file removed by hand leaves .prev alone; an empty start would reset collectors.
			logger.warn("Checkpoint file {} is missing; loading the previous copy {} ({} logs)", this.file,
					this.previous, copy.states().size());
			restore(copy);
			return copy;
		}
		logger.info("Checkpoint file {} does not exist yet; starting with no positions", this.file);
		return LoadedCheckpoint.empty();
	}

	private LoadedCheckpoint recover(CorruptCheckpointException corruption) throws IOException {
		LoadedCheckpoint copy = readPrevious();
		if (copy != null) {
			Path aside = moveAside();
			this.recoveries++;
			logger.error("Checkpoint file {} is corrupt: {}. Moved it to {} and recovered {} logs from the last "
					+ "good copy {} (update_time {})", this.file, corruption.getMessage(), aside,
					copy.states().size(), this.previous, copy.updateTime());
			restore(copy);
			return copy;
		}
		if (this.onCorrupt == OnCorrupt.START_EMPTY) {
			Path aside = moveAside();
			this.recoveries++;
			logger.error("Checkpoint file {} is corrupt: {}. No good previous copy exists; moved it to {} and, as "
					+ "checkpoint.on-corrupt=start-empty, starting with no positions", this.file,
					corruption.getMessage(), aside);
			return LoadedCheckpoint.empty();
		}
		throw new CorruptCheckpointException("Checkpoint file " + this.file + " is corrupt: " + corruption.getMessage()
				+ ". No good previous copy (" + this.previous.getFileName() + ") exists. Repair the file or restore "
				+ "it from a backup, or set checkpoint.on-corrupt=start-empty to move it aside and start with no "
				+ "positions (collectors then resume from their own configured start)", corruption);
	}

	private LoadedCheckpoint readPrevious() {
		try {
			byte[] content = Files.readAllBytes(this.previous);
			if (isBlank(content)) {
				return null;
			}
			return CheckpointYaml.read(content);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			logger.warn("Previous checkpoint copy {} is unusable: {}", this.previous, ex.getMessage());
			return null;
		}
	}

	private Path moveAside() throws IOException {
		String suffix = ASIDE_SUFFIX.format(OffsetDateTime.now(ZoneOffset.UTC));
		Path aside = this.file.resolveSibling(this.file.getFileName() + ".corrupt-" + suffix);
		Files.move(this.file, aside);
		Directories.force(this.file.getParent());
		return aside;
	}

	private void restore(LoadedCheckpoint copy) throws IOException {
		write(copy.updateTime(), copy.states(), false, JournalFaults.NONE);
	}

	/**
	 * Replace the file atomically.
	 * @param keepPrevious whether to keep the current file as {@code <file>.prev}
	 * @return the bytes written
	 */
	long write(OffsetDateTime updateTime, List<EventLogState> states, boolean keepPrevious, JournalFaults faults)
			throws IOException {
		Directories.create(this.file.getParent());
		long bytes;
		try (FileChannel channel = FileChannel.open(this.temporary, Set.of(StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
				Directories.attributes(Directories.FILE_MODE))) {
			CheckpointYaml.write(Channels.newOutputStream(channel), updateTime, states);
			channel.force(true);
			bytes = channel.size();
			faults.reached(Step.SNAPSHOT_WRITTEN);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(this.temporary);
			throw ex;
		}
		if (keepPrevious) {
			linkPrevious();
		}
		try {
			Files.move(this.temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.deleteIfExists(this.temporary);
			throw ex;
		}
		Directories.force(this.file.getParent());
		return bytes;
	}

	/** Keep the current file as the last good copy, without copying its bytes. */
	private void linkPrevious() throws IOException {
		if (!Files.exists(this.file)) {
			return;
		}
		Files.deleteIfExists(this.previous);
		try {
			Files.createLink(this.previous, this.file);
		}
		catch (UnsupportedOperationException | IOException ex) {
			Files.copy(this.file, this.previous, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static boolean isBlank(byte[] content) {
		for (byte b : content) {
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return false;
			}
		}
		return true;
	}

}
