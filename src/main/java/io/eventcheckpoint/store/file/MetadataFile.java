package io.eventcheckpoint.store.file;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LogMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side file {@code <checkpoint file>.meta}: what the service keeps per log beyond Winlogbeat's
 * four fields, so the YAML file stays exactly what Go's yaml.v2 writes.
 * <p>
 * Format (UTF-8 text): the line {@code checkpoint-metadata 1}, then one line per log:
 * {@code <updated_at epoch second> <nanosecond> <name>}, the name last with {@code \}, line
 * feed and carriage return escaped as {@code \\}, {@code \n} and {@code \r}. It is written
 * atomically (temporary file, force, rename, force the directory) just before the YAML file of the
 * same snapshot, so after a crash it is never older than the YAML file. A missing or unreadable side
 * file is not an error: its logs start with defaults (last updated at the file's
 * {@code update_time}).
 */
final class MetadataFile {

	private static final Logger logger = LoggerFactory.getLogger(MetadataFile.class);

	static final String HEADER = "checkpoint-metadata 1";

	private final Path file;

	private final Path temporary;

	MetadataFile(Path checkpointFile) {
		this.file = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".meta");
		this.temporary = checkpointFile.resolveSibling("." + checkpointFile.getFileName() + ".meta.tmp");
	}

	Path file() {
		return this.file;
	}

	/**
	 * Read the side file.
	 * @return the metadata by name, empty when the file is missing or unreadable
	 */
	Map<String, LogMetadata> read() {
		try {
			Files.deleteIfExists(this.temporary);
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(Files.newInputStream(this.file), StandardCharsets.UTF_8), 1 << 16)) {
				String header = reader.readLine();
				if (!HEADER.equals(header)) {
					logger.warn("Metadata file {} does not start with '{}'; last-update times start from the "
							+ "checkpoint file's update_time", this.file, HEADER);
					return Map.of();
				}
				Map<String, LogMetadata> metadata = new HashMap<>();
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					int first = line.indexOf(' ');
					int second = (first > 0) ? line.indexOf(' ', first + 1) : -1;
					if (second < 0) {
						logger.warn("Metadata file {} has a damaged line; ignoring the rest of it", this.file);
						break;
					}
					Instant updatedAt = Instant.ofEpochSecond(Long.parseLong(line, 0, first, 10),
							Long.parseLong(line, first + 1, second, 10));
					metadata.put(unescape(line.substring(second + 1)), new LogMetadata(updatedAt));
				}
				return metadata;
			}
		}
		catch (NoSuchFileException ex) {
			return Map.of();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Metadata file {} is unreadable ({}); last-update times start from the checkpoint file's "
					+ "update_time", this.file, ex.toString());
			return Map.of();
		}
	}

	/**
	 * Write the metadata of a snapshot, crash-safe.
	 * @param states the snapshot's states
	 * @param metadata the metadata of each state's name
	 * @param attributes the permissions of the new file
	 * @throws IOException if the file cannot be written
	 */
	void write(List<EventLogState> states, Function<String, LogMetadata> metadata, FileAttribute<?>[] attributes)
			throws IOException {
		try (FileChannel channel = FileChannel.open(this.temporary, Set.of(StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), attributes)) {
			Writer writer = new BufferedWriter(
					new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
			writer.write(HEADER);
			writer.write('\n');
			for (EventLogState state : states) {
				LogMetadata meta = metadata.apply(state.name());
				if (meta == null) {
					continue;
				}
				writer.write(Long.toString(meta.updatedAt().getEpochSecond()));
				writer.write(' ');
				writer.write(Integer.toString(meta.updatedAt().getNano()));
				writer.write(' ');
				escape(writer, state.name());
				writer.write('\n');
			}
			writer.flush();
			channel.force(true);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(this.temporary);
			throw ex;
		}
		Files.move(this.temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void escape(Writer writer, String name) throws IOException {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			switch (c) {
				case '\\' -> writer.write("\\\\");
				case '\n' -> writer.write("\\n");
				case '\r' -> writer.write("\\r");
				default -> writer.write(c);
			}
		}
	}

	private static String unescape(String escaped) {
		if (escaped.indexOf('\\') < 0) {
			return escaped;
		}
		StringBuilder name = new StringBuilder(escaped.length());
		for (int i = 0; i < escaped.length(); i++) {
			char c = escaped.charAt(i);
			if (c == '\\' && i + 1 < escaped.length()) {
				char next = escaped.charAt(++i);
				name.append((next == 'n') ? '\n' : (next == 'r') ? '\r' : next);
			}
			else {
				name.append(c);
			}
		}
		return name.toString();
	}

}
