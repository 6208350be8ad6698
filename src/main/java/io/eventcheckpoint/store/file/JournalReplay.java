package io.eventcheckpoint.store.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import io.eventcheckpoint.engine.EventLogState;

/**
 * Replays journal records onto the snapshot's states: first checks every record in append order
 * (checksum and layout, so damage is found exactly where a record-by-record replay would stop),
 * then finds the newest change of each name (newest-first, comparing names as bytes where they lie
 * in the journal) and decodes only those.
 * <p>
 * Why newest-first: after a crash the journal can hold a million changes, many to the same names.
 * Applying them in order built a name, a timestamp and a state for each one, and the collector's
 * copying of those short-lived objects cost more than the decoding. The result is the same: the
 * last change of each name in append order wins, and a delete removes the name.
 */
final class JournalReplay {

	private static final byte DELETE = JournalCodec.DELETE;

	private static final byte PUT = JournalCodec.PUT;

	private static final byte PUT_WITH_BOOKMARK = JournalCodec.PUT_WITH_BOOKMARK;

	/** Bytes of a record payload before its changes: type, update time, change count. */
	private static final int PREAMBLE = 17;

	private static final long MIN_DAY = ChronoField.EPOCH_DAY.range().getMinimum();

	private static final long MAX_DAY = ChronoField.EPOCH_DAY.range().getMaximum();

	/** Payloads of the good records, in append order. */
	private final List<ByteBuffer> payloads = new ArrayList<>();

	private long changes;

	private int largestCount;

	private OffsetDateTime updateTime;

	/**
	 * Check the record at the buffer's position and keep it for {@link #applyTo}.
	 * @param in a segment's bytes, positioned at a record
	 * @return whether a whole good record started there; if so the position is after it,
	 * otherwise unchanged
	 */
	boolean add(ByteBuffer in) {
		int start = in.position();
		if (in.remaining() < JournalCodec.HEADER) {
			return false;
		}
		int length = in.getInt(start);
		int checksum = in.getInt(start + 4);
		if (length < PREAMBLE || length > JournalCodec.MAX_PAYLOAD || length > in.remaining() - JournalCodec.HEADER) {
			return false;
		}
		ByteBuffer payload = in.slice(start + JournalCodec.HEADER, length);
		CRC32C crc = new CRC32C();
		crc.update(payload.duplicate());
		if ((int) crc.getValue() != checksum) {
			return false;
		}
		OffsetDateTime time;
		int count;
		try {
			// A good checksum over a bad layout is a writer bug or a foreign file: treat it as damage.
			time = Instant.ofEpochSecond(payload.getLong(1), payload.getInt(9)).atOffset(ZoneOffset.UTC);
			count = payload.getInt(13);
			if (payload.get(0) != JournalCodec.BATCH || !validChanges(payload, count)) {
				return false;
			}
		}
		catch (RuntimeException ex) {
			return false;
		}
		this.payloads.add(payload);
		this.changes += Math.max(0, count);
		this.largestCount = Math.max(this.largestCount, count);
		this.updateTime = time;
		in.position(start + JournalCodec.HEADER + length);
		return true;
	}

	/** @return the good records seen */
	long records() {
		return this.payloads.size();
	}

	/** @return the update time of the last good record, or {@code null} */
	OffsetDateTime updateTime() {
		return this.updateTime;
	}

	/**
	 * Walk a payload's changes without building anything: every length in bounds, every kind known,
	 * every timestamp one that decodes, no trailing bytes.
	 */
	private static boolean validChanges(ByteBuffer payload, int count) {
		int position = PREAMBLE;
		int limit = payload.limit();
		for (int i = 0; i < count; i++) {
			if (limit - position < 5) {
				return false;
			}
			byte kind = payload.get(position);
			int nameLength = payload.getInt(position + 1);
			if (nameLength < 0 || nameLength > limit - position - 5) {
				return false;
			}
			position += 5 + nameLength;
			if (kind == DELETE) {
				continue;
			}
			if ((kind != PUT && kind != PUT_WITH_BOOKMARK) || limit - position < 24
					|| !validTimestamp(payload.getLong(position + 8), payload.getInt(position + 16),
							payload.getInt(position + 20))) {
				return false;
			}
			position += 24;
			if (kind == PUT_WITH_BOOKMARK) {
				if (limit - position < 4) {
					return false;
				}
				int bookmarkLength = payload.getInt(position);
				if (bookmarkLength < 0 || bookmarkLength > limit - position - 4) {
					return false;
				}
				position += 4 + bookmarkLength;
			}
		}
		return position == limit;
	}

	/** Whether {@link #timestamp} would succeed: the same checks as {@code Instant} and {@code LocalDate}. */
	private static boolean validTimestamp(long seconds, int nanos, int offset) {
		if (offset < -18 * 3600 || offset > 18 * 3600) {
			return false;
		}
		long second = seconds + Math.floorDiv(nanos, 1_000_000_000);
		if (((seconds ^ second) & (Math.floorDiv(nanos, 1_000_000_000) ^ second)) < 0
				|| second < Instant.MIN.getEpochSecond() || second > Instant.MAX.getEpochSecond()) {
			return false;
		}
		long day = Math.floorDiv(second + offset, 86400);
		return day >= MIN_DAY && day <= MAX_DAY;
	}

	/**
	 * Apply every good record's changes, with the result of applying them in append order.
	 * @param states the snapshot's states, updated in place
	 */
	void applyTo(Map<String, EventLogState> states) {
		NewestChanges newest = new NewestChanges(this.changes);
		int[] offsets = new int[Math.max(0, this.largestCount)];
		for (int r = this.payloads.size() - 1; r >= 0; r--) {
			ByteBuffer payload = this.payloads.get(r);
			int count = payload.getInt(13);
			int position = PREAMBLE;
			for (int i = 0; i < count; i++) {
				offsets[i] = position;
				position = next(payload, position);
			}
			for (int i = count - 1; i >= 0; i--) {
				newest.offer(r, offsets[i]);
			}
		}
		byte[] scratch = new byte[256];
		for (int slot = newest.first(); slot >= 0; slot = newest.next(slot)) {
			ByteBuffer payload = this.payloads.get(newest.record(slot));
			int position = newest.position(slot);
			byte kind = payload.get(position);
			int nameLength = payload.getInt(position + 1);
			scratch = fit(scratch, nameLength);
			payload.get(position + 5, scratch, 0, nameLength);
			String name = new String(scratch, 0, nameLength, StandardCharsets.UTF_8);
			if (kind == DELETE) {
				states.remove(name);
				continue;
			}
			position += 5 + nameLength;
			String bookmark = null;
			if (kind == PUT_WITH_BOOKMARK) {
				int bookmarkLength = payload.getInt(position + 24);
				scratch = fit(scratch, bookmarkLength);
				payload.get(position + 28, scratch, 0, bookmarkLength);
				bookmark = new String(scratch, 0, bookmarkLength, StandardCharsets.UTF_8);
			}
			long recordNumber = payload.getLong(position);
			OffsetDateTime timestamp = timestamp(payload.getLong(position + 8), payload.getInt(position + 16),
					payload.getInt(position + 20));
			String mark = bookmark;
			// Keep the snapshot's name object: a million logs would otherwise hold two copies of each name.
			states.compute(name, (key, previous) -> new EventLogState((previous != null) ? previous.name() : key,
					recordNumber, timestamp, mark));
		}
	}

	/**
	 * An open-addressing table of the newest change of each name, keyed by the name's bytes where
	 * they lie in the journal: finding that a change is superseded builds no object at all.
	 */
	private final class NewestChanges {

		private final int[] hashes;

		/** Record index in the high half, position of the change in its payload in the low half. */
		private final long[] changes;

		private final int mask;

		NewestChanges(long changes) {
			int capacity = Integer.highestOneBit((int) Math.min(1 << 29, Math.max(16, changes + changes / 2)) - 1) << 1;
			this.hashes = new int[capacity];
			this.changes = new long[capacity];
			this.mask = capacity - 1;
		}

		/** Keep a change unless a newer one of the same name was offered before. */
		void offer(int record, int position) {
			ByteBuffer payload = JournalReplay.this.payloads.get(record);
			int length = payload.getInt(position + 1);
			int hash = 1;
			for (int i = position + 5, end = position + 5 + length; i < end; i++) {
				hash = 31 * hash + payload.get(i);
			}
			hash = (hash * 0x9E3779B9) | 1;
			for (int slot = (hash >>> 7) & this.mask;; slot = (slot + 1) & this.mask) {
				int existing = this.hashes[slot];
				if (existing == 0) {
					this.hashes[slot] = hash;
					this.changes[slot] = ((long) record << 32) | position;
					return;
				}
				if (existing == hash && sameName(payload, position, length, this.changes[slot])) {
					return;
				}
			}
		}

		private boolean sameName(ByteBuffer payload, int position, int length, long other) {
			ByteBuffer otherPayload = JournalReplay.this.payloads.get((int) (other >>> 32));
			int otherPosition = (int) other;
			if (otherPayload.getInt(otherPosition + 1) != length) {
				return false;
			}
			for (int i = 0; i < length; i++) {
				if (payload.get(position + 5 + i) != otherPayload.get(otherPosition + 5 + i)) {
					return false;
				}
			}
			return true;
		}

		int first() {
			return next(-1);
		}

		int next(int slot) {
			for (int i = slot + 1; i < this.hashes.length; i++) {
				if (this.hashes[i] != 0) {
					return i;
				}
			}
			return -1;
		}

		int record(int slot) {
			return (int) (this.changes[slot] >>> 32);
		}

		int position(int slot) {
			return (int) this.changes[slot];
		}

	}

	private static int next(ByteBuffer payload, int position) {
		byte kind = payload.get(position);
		position += 5 + payload.getInt(position + 1);
		if (kind == DELETE) {
			return position;
		}
		position += 24;
		return (kind == PUT_WITH_BOOKMARK) ? position + 4 + payload.getInt(position) : position;
	}

	private static OffsetDateTime timestamp(long seconds, int nanos, int offset) {
		return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.ofTotalSeconds(offset));
	}

	private static byte[] fit(byte[] scratch, int length) {
		return (scratch.length >= length) ? scratch : new byte[Math.max(length, scratch.length * 2)];
	}

}
