package io.eventcheckpoint.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.engine.NameOrder;
import io.eventcheckpoint.format.CheckpointYaml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * The jar's command-line mode for moving positions between a YAML file in the Go original's format
 * and the configured store: {@code --checkpoint.import=FILE} adds the file's logs to the store,
 * {@code --checkpoint.export=FILE} writes every stored log to the file. Either runs without a web
 * server and the process then exits (see {@code CheckpointTransferEnvironmentPostProcessor}).
 * <p>
 * An import keeps the file's {@code update_time} (unless the store holds a later one) and receives
 * every log at the time of the import, so it wins over older positions in a shared store. An
 * export writes the store's {@code update_time}; an import into an empty store followed by an
 * export gives back the Go original's file byte for byte.
 */
public class CheckpointTransferRunner implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointTransferRunner.class);

	private final CheckpointStore store;

	private final Path importFile;

	private final Path exportFile;

	private final Clock clock;

	/**
	 * Create the runner.
	 * @param store the configured store
	 * @param importFile the file to import, or {@code null}
	 * @param exportFile the file to export to, or {@code null}
	 * @param clock the source of the import's receive time
	 */
	public CheckpointTransferRunner(CheckpointStore store, Path importFile, Path exportFile, Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.importFile = importFile;
		this.exportFile = exportFile;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (this.importFile != null) {
			importFrom(this.importFile);
		}
		if (this.exportFile != null) {
			exportTo(this.exportFile);
		}
	}

	/**
	 * Add a file's logs to the store.
	 * @param file a checkpoint file in the Go original's format
	 * @return how many logs were imported
	 * @throws IOException if the file cannot be read or the store not written
	 */
	public int importFrom(Path file) throws IOException {
		LoadedCheckpoint content;
		try {
			content = CheckpointYaml.read(Files.readAllBytes(file));
		}
		catch (CorruptCheckpointException ex) {
			throw new CorruptCheckpointException("Cannot import " + file + ": " + ex.getMessage(), ex);
		}
		// As when Go loads such a file, a later entry for a name wins.
		Map<String, EventLogState> imported = new LinkedHashMap<>();
		content.states().forEach((state) -> imported.put(state.name(), state));
		Instant receivedAt = this.clock.instant();
		List<FlushBatch.Change> changes = new ArrayList<>(imported.size());
		imported.values().forEach((state) -> changes.add(new FlushBatch.Change(state.name(), state, receivedAt)));
		// Only snapshot stores (the file) ask for the merged content.
		this.store.save(new FlushBatch(content.updateTime(), changes, () -> merged(imported)));
		logger.info("Imported {} event logs from {} into {} (update_time {})", imported.size(), file,
				this.store.description(), (content.updateTime() != null) ? CheckpointYaml.formatTime(content.updateTime())
						: "none");
		return imported.size();
	}

	private List<EventLogState> merged(Map<String, EventLogState> imported) {
		Map<String, EventLogState> all = new LinkedHashMap<>();
		try {
			this.store.load().states().forEach((state) -> all.put(state.name(), state));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		all.putAll(imported);
		return sorted(all.values());
	}

	/**
	 * Write every stored log to a file, replacing it atomically.
	 * @param file the target file
	 * @return how many logs were exported
	 * @throws IOException if the store cannot be read or the file not written
	 */
	public int exportTo(Path file) throws IOException {
		// A fresh load, not the engine's map: exactly what the store holds, with its update_time.
		LoadedCheckpoint content = this.store.load();
		List<EventLogState> states = sorted(content.states());
		Path target = file.toAbsolutePath();
		if (target.getParent() != null) {
			Files.createDirectories(target.getParent());
		}
		Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
			CheckpointYaml.write(Channels.newOutputStream(channel), content.updateTime(), states);
			channel.force(true);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temporary);
			throw ex;
		}
		Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		logger.info("Exported {} event logs from {} to {}", states.size(), this.store.description(), target);
		return states.size();
	}

	private static List<EventLogState> sorted(java.util.Collection<EventLogState> states) {
		List<EventLogState> sorted = new ArrayList<>(states);
		sorted.sort((a, b) -> NameOrder.INSTANCE.compare(a.name(), b.name()));
		return sorted;
	}

}
