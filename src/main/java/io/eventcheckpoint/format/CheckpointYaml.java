package io.eventcheckpoint.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Collection;

import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LoadedCheckpoint;

/**
 * The checkpoint file format of Winlogbeat's Go {@code checkpoint} package: the entry point the
 * stores, import/export and the web layer call. Reading tries the fast path
 * ({@link CanonicalCheckpointReader}) and falls back to the general one
 * ({@link GeneralCheckpointReader}); writing lays the file out as Go's yaml.v2 does
 * ({@link CheckpointWriter}). See {@code package-info.java} for the rule that binds the two paths.
 */
public final class CheckpointYaml {

	private CheckpointYaml() {
	}

	/**
	 * Write states in the Go original's format, byte for byte as yaml.v2 would. The bytes go to
	 * {@code out} in large chunks; it needs no buffer of its own, and is neither flushed nor closed.
	 * @param out where to write the UTF-8 bytes
	 * @param updateTime the {@code update_time} value; {@code null} writes Go's zero time
	 * @param states the states, already sorted by name
	 * @throws IOException if writing fails
	 */
	public static void write(OutputStream out, OffsetDateTime updateTime, Collection<EventLogState> states)
			throws IOException {
		CheckpointWriter.write(new Utf8Buffer(out), updateTime, states);
	}

	/**
	 * Write states as {@link #write(OutputStream, OffsetDateTime, Collection)} does, as characters.
	 * @param out where to write; not flushed nor closed
	 * @param updateTime the {@code update_time} value; {@code null} writes Go's zero time
	 * @param states the states, already sorted by name
	 * @throws IOException if writing fails
	 */
	public static void write(Writer out, OffsetDateTime updateTime, Collection<EventLogState> states)
			throws IOException {
		// Each chunk ends between two logs, so it decodes on its own.
		CheckpointWriter.write(new Utf8Buffer((bytes, length) -> out.write(new String(bytes, 0, length,
				StandardCharsets.UTF_8))), updateTime, states);
	}

	/**
	 * Read a file's content.
	 * @param content the bytes of the file
	 * @return the states and {@code update_time}; empty for a blank file
	 * @throws CorruptCheckpointException if the content is not a valid checkpoint file
	 */
	public static LoadedCheckpoint read(byte[] content) throws CorruptCheckpointException {
		return read(content, StateReplacer.NONE);
	}

	/**
	 * Read a file's content, handing each entry's state to a replacer as it is read.
	 * @param content the bytes of the file
	 * @param replacer sees each entry's state in file order, and is restarted if the fast path
	 * declines the file part-way
	 * @return the states the replacer kept and {@code update_time}; empty for a blank file
	 * @throws CorruptCheckpointException if the content is not a valid checkpoint file
	 */
	public static LoadedCheckpoint read(byte[] content, StateReplacer replacer) throws CorruptCheckpointException {
		for (byte b : content) {
			if (b == 0) {
				throw new CorruptCheckpointException("it contains NUL bytes (an interrupted write)");
			}
		}
		LoadedCheckpoint canonical = CanonicalCheckpointReader.read(content, replacer);
		if (canonical != null) {
			return canonical;
		}
		return replacer.replaceAll(GeneralCheckpointReader.read(content));
	}

	/**
	 * Read content with the general path only, whatever its layout.
	 * @param content the bytes of the file
	 * @return the states and {@code update_time}; empty for a blank file
	 * @throws CorruptCheckpointException if the content is not a valid checkpoint file
	 */
	static LoadedCheckpoint readGeneral(byte[] content) throws CorruptCheckpointException {
		return GeneralCheckpointReader.read(content);
	}

	/**
	 * Format a time as Go's {@code time.RFC3339Nano}: trailing zeros of the fraction dropped, the
	 * offset kept, {@code Z} for UTC.
	 * @param time the time
	 * @return the text
	 */
	public static String formatTime(OffsetDateTime time) {
		return GoTime.format(time);
	}

	/**
	 * Format a state's timestamp as {@link #formatTime} does, from the numbers the state holds.
	 * @param state the state
	 * @return the text
	 */
	public static String formatTime(EventLogState state) {
		return GoTime.format(state.epochSecond(), state.nano(), state.offsetSeconds());
	}

	/** The fast path's plain-string rule (see {@link YamlScalars#isPlain}). */
	static boolean isPlain(String value) {
		return YamlScalars.isPlain(value);
	}

}
