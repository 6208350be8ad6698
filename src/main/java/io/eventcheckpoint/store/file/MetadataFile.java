package io.eventcheckpoint.store.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.SideState;
import io.eventcheckpoint.format.Utf8Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side file {@code <checkpoint file>.meta}: what the service keeps per log beyond Winlogbeat's
 * four fields, so the YAML file stays exactly what Go's yaml.v2 writes.
 * <p>
 * Format (UTF-8 text): the line {@code checkpoint-metadata 1}, then lines that start with their
 * kind: {@code S <last version> <last lease token>} once; {@code L <updated_at epoch second>
 * <nanosecond> <version> <epoch> <name>} per log; {@code E <expires epoch second> <nanosecond>
 * <token> <holder> <prefix>} per lease. The last field may hold spaces; in every text field
 * {@code \}, line feed and carriage return (and in token and holder, space) are escaped as
 * {@code \\}, {@code \n}, {@code \r} and {@code \s}. It is written
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

	/** What the side file held. */
	record Contents(Map<String, LogMetadata> metadata, SideState side) {

		static final Contents EMPTY = new Contents(Map.of(), SideState.EMPTY);

	}

	/**
	 * Read the side file.
	 * @return the metadata by name and the side state, empty when the file is missing or unreadable
	 */
	Contents read() {
		try {
			Files.deleteIfExists(this.temporary);
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(Files.newInputStream(this.file), StandardCharsets.UTF_8), 1 << 16)) {
				String header = reader.readLine();
				if (!HEADER.equals(header)) {
					logger.warn("Metadata file {} does not start with '{}'; last-update times start from the "
							+ "checkpoint file's update_time", this.file, HEADER);
					return Contents.EMPTY;
				}
				Map<String, LogMetadata> metadata = new HashMap<>();
				long lastVersion = 0;
				long lastToken = 0;
				List<Lease> leases = new ArrayList<>();
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					String[] fields = line.split(" ", (line.startsWith("L ") || line.startsWith("E ")) ? 6 : 3);
					switch (fields[0]) {
						case "L" -> metadata.put(unescape(fields[5]), new LogMetadata(Long.parseLong(fields[1]),
								Integer.parseInt(fields[2]), Long.parseUnsignedLong(fields[3]),
								Long.parseUnsignedLong(fields[4])));
						case "S" -> {
							lastVersion = Long.parseUnsignedLong(fields[1]);
							lastToken = Long.parseLong(fields[2]);
						}
						case "E" -> leases.add(new Lease(unescape(fields[5]), unescape(fields[4]), unescape(fields[3]),
								Instant.ofEpochSecond(Long.parseLong(fields[1]), Integer.parseInt(fields[2]))));
						default -> throw new IOException("unknown line kind '" + fields[0] + "'");
					}
				}
				return new Contents(metadata, new SideState(lastVersion, lastToken, leases));
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
	 * Write the metadata of a snapshot, crash-safe.
	 * @param states the snapshot's states
	 * @param metadata the metadata of each state's name
	 * @param side the counters and leases
	 * @throws IOException if the file cannot be written
	 */
	void write(List<EventLogState> states, Function<String, LogMetadata> metadata, SideState side)
			throws IOException {
		try (FileChannel channel = FileChannel.open(this.temporary, Set.of(StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
				Directories.attributes(Directories.FILE_MODE))) {
			// Bytes straight into one buffer, as the checkpoint file is written: no Writer call per character.
			Utf8Buffer out = new Utf8Buffer(Channels.newOutputStream(channel));
			out.utf8(HEADER);
			out.utf8("\nS ");
			out.unsigned(side.lastVersion());
			out.ascii(' ');
			out.decimal(side.lastLeaseToken());
			out.ascii('\n');
			for (EventLogState state : states) {
				LogMetadata meta = metadata.apply(state.name());
				if (meta == null) {
					continue;
				}
				out.utf8("L ");
				out.decimal(meta.updatedAtSecond());
				out.ascii(' ');
				out.decimal(meta.updatedAtNano());
				out.ascii(' ');
				out.unsigned(meta.version());
				out.ascii(' ');
				out.unsigned(meta.epoch());
				out.ascii(' ');
				out.utf8(escape(state.name(), false));
				out.ascii('\n');
				out.drainIfFull();
			}
			for (Lease lease : side.leases()) {
				out.utf8("E ");
				out.decimal(lease.expiresAt().getEpochSecond());
				out.ascii(' ');
				out.decimal(lease.expiresAt().getNano());
				out.ascii(' ');
				out.utf8(escape(lease.token(), true));
				out.ascii(' ');
				out.utf8(escape(lease.holder(), true));
				out.ascii(' ');
				out.utf8(escape(lease.prefix(), false));
				out.ascii('\n');
				out.drainIfFull();
			}
			out.drain();
			channel.force(true);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(this.temporary);
			throw ex;
		}
		Files.move(this.temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/** The text with {@code \\}, line breaks and (if {@code spaces}) spaces escaped; itself if none. */
	private static String escape(String text, boolean spaces) {
		int i = 0;
		while (i < text.length() && !needsEscape(text.charAt(i), spaces)) {
			i++;
		}
		if (i == text.length()) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
		for (; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case ' ' -> escaped.append(spaces ? "\\s" : " ");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static boolean needsEscape(char c, boolean spaces) {
		return c == '\\' || c == '\n' || c == '\r' || (spaces && c == ' ');
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
				name.append((next == 'n') ? '\n' : (next == 'r') ? '\r' : (next == 's') ? ' ' : next);
			}
			else {
				name.append(c);
			}
		}
		return name.toString();
	}

}
