package io.eventcheckpoint.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * UTF-8 text put straight into one byte array and handed on in large chunks: the output of the
 * checkpoint file's writer, and of the file store's side file. A flush of 100k logs writes about
 * 11 MB, so the per-character cost of a {@code Writer} (a lock per call) and its encoder, and a
 * copy per line, showed in the flush time; here a line costs a few array stores per character.
 * Callers drain between lines only, so every chunk ends on a whole character (a caller that wants
 * characters can decode each chunk on its own).
 */
public final class Utf8Buffer {

	/** What takes a full chunk: {@code bytes[0..length)}. */
	@FunctionalInterface
	interface Drain {

		void accept(byte[] bytes, int length) throws IOException;

	}

	/** Chunks of a quarter MiB: few system calls, and the array stays in the CPU's cache. */
	static final int CHUNK = 1 << 18;

	private final Drain drain;

	private byte[] bytes = new byte[CHUNK + 4096];

	private int count;

	Utf8Buffer(Drain drain) {
		this.drain = drain;
	}

	/**
	 * A buffer that hands its chunks to a stream.
	 * @param out the stream; neither flushed nor closed here
	 */
	public Utf8Buffer(OutputStream out) {
		this((bytes, length) -> out.write(bytes, 0, length));
	}

	/** Append bytes that are already UTF-8 (the file's fixed keys). */
	void raw(byte[] text) {
		ensure(text.length);
		System.arraycopy(text, 0, this.bytes, this.count, text.length);
		this.count += text.length;
	}

	/**
	 * Append one ASCII character.
	 * @param c the character, below U+0080
	 */
	public void ascii(char c) {
		ensure(1);
		this.bytes[this.count++] = (byte) c;
	}

	/**
	 * Append text as UTF-8 with the JDK's encoder ({@code String.getBytes}, whose Latin-1 strings
	 * copy in bulk): a lone surrogate becomes {@code ?} (the checkpoint writer never lets one
	 * through unescaped).
	 * @param text the text
	 */
	public void utf8(CharSequence text) {
		raw(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Append a number as {@code Long.toString} writes it.
	 * @param value the number
	 */
	public void decimal(long value) {
		if (value < 0) {
			utf8(Long.toString(value));
			return;
		}
		unsigned(value);
	}

	/**
	 * Append a number read as unsigned 64 bits, as {@code Long.toUnsignedString} writes it.
	 * @param value the number
	 */
	public void unsigned(long value) {
		if (value < 0) {
			utf8(Long.toUnsignedString(value));
			return;
		}
		int length = 1;
		for (long rest = value; rest >= 10; rest /= 10) {
			length++;
		}
		ensure(length);
		int end = this.count + length;
		long rest = value;
		for (int i = end - 1; i >= this.count; i--) {
			this.bytes[i] = (byte) ('0' + (rest % 10));
			rest /= 10;
		}
		this.count = end;
	}

	/** Append a time as Go's {@code time.RFC3339Nano}. */
	void time(OffsetDateTime time) {
		ensure(GoTime.MAX_LENGTH);
		this.count = GoTime.write(this.bytes, this.count, time);
	}

	/** Append a time given as numbers (see {@link GoTime#write(byte[], int, long, int, int)}). */
	void time(long epochSecond, int nano, int offsetSeconds) {
		ensure(GoTime.MAX_LENGTH);
		this.count = GoTime.write(this.bytes, this.count, epochSecond, nano, offsetSeconds);
	}

	/**
	 * Hand the bytes on once a chunk is full; to be called between lines only.
	 * @throws IOException if the drain fails
	 */
	public void drainIfFull() throws IOException {
		if (this.count >= CHUNK) {
			drain();
		}
	}

	/**
	 * Hand on whatever is left.
	 * @throws IOException if the drain fails
	 */
	public void drain() throws IOException {
		if (this.count > 0) {
			this.drain.accept(this.bytes, this.count);
			this.count = 0;
		}
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private void ensure(int more) {
		if (this.bytes.length - this.count < more) {
			byte[] larger = new byte[Math.max(this.bytes.length * 2, this.count + more)];
			System.arraycopy(this.bytes, 0, larger, 0, this.count);
			this.bytes = larger;
		}
	}

}
