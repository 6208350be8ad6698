package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.SideState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the side file's lines (the format is in {@link MetadataFile}), keeping everything before a
 * torn end that a crash during an append can leave; and escapes their text fields.
 */
final class MetadataLines {

	private static final Logger logger = LoggerFactory.getLogger(MetadataLines.class);

	private final Map<String, LogMetadata> metadata = new HashMap<>();

	private long lastVersion;

	private long lastToken;

	private List<Lease> leases = new ArrayList<>();

	/** The lease block being read, and how many E lines it still expects; {@code null} outside one. */
	private List<Lease> block;

	private long blockMissing;

	private MetadataLines() {
	}

	/**
	 * Read a side file.
	 * @param in its bytes
	 * @param file its name, for messages
	 * @return what it holds, or {@link MetadataFile.Contents#EMPTY} if its header is not ours
	 * @throws IOException if it cannot be read, or a line other than the last is bad
	 */
	static MetadataFile.Contents read(InputStream in, Path file) throws IOException {
		LineReader lines = new LineReader(in);
		String header = lines.next();
		if (!MetadataFile.HEADER.equals(header)) {
			logger.warn("Metadata file {} does not start with '{}'; last-update times start from the "
					+ "checkpoint file's update_time", file, MetadataFile.HEADER);
			return MetadataFile.Contents.EMPTY;
		}
		MetadataLines read = new MetadataLines();
		String line = lines.next();
		while (line != null) {
			String next = lines.next();
			try {
				read.accept(line);
			}
			catch (IOException | RuntimeException ex) {
				if (next != null) {
					throw ex;
				}
				logger.warn("Metadata file {} ends in a line that does not parse ({}), left by an interrupted save; "
						+ "ignoring it", file, ex.toString());
			}
			line = next;
		}
		if (lines.torn > 0) {
			logger.warn("Metadata file {} ends in {} bytes without a line feed, left by an interrupted save; "
					+ "ignoring them", file, lines.torn);
		}
		if (read.block != null) {
			logger.warn("Metadata file {} ends in a lease block without {} of its lines, left by an interrupted "
					+ "save; keeping the leases before it", file, read.blockMissing);
		}
		return new MetadataFile.Contents(read.metadata,
				new SideState(read.lastVersion, read.lastToken, read.leases));
	}

	private void accept(String line) throws IOException {
		String[] fields = line.split(" ", (line.startsWith("L ") || line.startsWith("E ")) ? 6 : 3);
		if (this.block != null && !fields[0].equals("E")) {
			throw new IOException("a lease block ends " + this.blockMissing + " lines early");
		}
		switch (fields[0]) {
			case "L" -> this.metadata.put(unescape(fields[5]), new LogMetadata(Long.parseLong(fields[1]),
					Integer.parseInt(fields[2]), Long.parseUnsignedLong(fields[3]), Long.parseUnsignedLong(fields[4])));
			case "S" -> {
				this.lastVersion = Long.parseUnsignedLong(fields[1]);
				this.lastToken = Long.parseLong(fields[2]);
			}
			case "E" -> {
				Lease lease = new Lease(unescape(fields[5]), unescape(fields[4]), unescape(fields[3]),
						Instant.ofEpochSecond(Long.parseLong(fields[1]), Integer.parseInt(fields[2])));
				if (this.block == null) {
					this.leases.add(lease);
				}
				else {
					this.block.add(lease);
					this.blockMissing--;
					endBlockIfComplete();
				}
			}
			case "C" -> {
				if (fields.length != 2) {
					throw new IOException("a lease block line holds " + fields.length + " fields");
				}
				this.blockMissing = Long.parseLong(fields[1]);
				if (this.blockMissing < 0) {
					throw new IOException("a lease block of " + this.blockMissing + " leases");
				}
				this.block = new ArrayList<>();
				endBlockIfComplete();
			}
			default -> throw new IOException("unknown line kind '" + fields[0] + "'");
		}
	}

	private void endBlockIfComplete() {
		if (this.blockMissing == 0) {
			this.leases = this.block;
			this.block = null;
		}
	}

	/** The text with {@code \\}, line breaks and (if {@code spaces}) spaces escaped; itself if none. */
	static String escape(String text, boolean spaces) {
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

	/** Lines that end in a line feed, decoded as UTF-8; what follows the last line feed is torn. */
	private static final class LineReader {

		private final InputStream in;

		private byte[] buffer = new byte[1 << 16];

		private int start;

		private int scanned;

		private int end;

		private boolean eof;

		int torn;

		LineReader(InputStream in) {
			this.in = in;
		}

		String next() throws IOException {
			while (true) {
				for (int i = this.scanned; i < this.end; i++) {
					if (this.buffer[i] == '\n') {
						String line = new String(this.buffer, this.start, i - this.start, StandardCharsets.UTF_8);
						this.start = i + 1;
						this.scanned = this.start;
						return line;
					}
				}
				this.scanned = this.end;
				if (this.eof) {
					this.torn = this.end - this.start;
					this.start = this.end;
					return null;
				}
				if (this.start > 0) {
					System.arraycopy(this.buffer, this.start, this.buffer, 0, this.end - this.start);
					this.end -= this.start;
					this.scanned -= this.start;
					this.start = 0;
				}
				if (this.end == this.buffer.length) {
					this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
				}
				int read = this.in.read(this.buffer, this.end, this.buffer.length - this.end);
				if (read < 0) {
					this.eof = true;
				}
				else {
					this.end += read;
				}
			}
		}

	}

}
