package io.eventcheckpoint.store.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;

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

	/** Added to a put's kind when last-update time, version and epoch follow it (28 bytes). */
	private static final byte WITH_METADATA = JournalCodec.WITH_METADATA;

	private static final int METADATA_BYTES = JournalLayout.METADATA_BYTES;

	private static final int PREAMBLE = JournalLayout.PREAMBLE;

	/** Payloads of the good change records, in append order. */
	private final List<ByteBuffer> payloads = new ArrayList<>();

	/** The newest good lease record: each holds the whole lease state. */
	private ByteBuffer side;

	/** The highest lease token any lease record named: tokens are never reused. */
	private long lastLeaseToken;

	private long changes;

	private long sides;

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
			byte type = payload.get(0);
			if (type == JournalCodec.SIDE) {
				if (!JournalLayout.validSide(payload, count)) {
					return false;
				}
			}
			else if (type != JournalCodec.BATCH || !JournalLayout.validChanges(payload, count)) {
				return false;
			}
		}
		catch (RuntimeException ex) {
			return false;
		}
		if (payload.get(0) == JournalCodec.SIDE) {
			this.side = payload;
			this.lastLeaseToken = Math.max(this.lastLeaseToken, payload.getLong(PREAMBLE));
			this.sides++;
		}
		else {
			this.payloads.add(payload);
			this.changes += Math.max(0, count);
			this.largestCount = Math.max(this.largestCount, count);
		}
		this.updateTime = time;
		in.position(start + JournalCodec.HEADER + length);
		return true;
	}

	/** @return the good records seen */
	long records() {
		return this.payloads.size() + this.sides;
	}

	/** @return the update time of the last good record, or {@code null} */
	OffsetDateTime updateTime() {
		return this.updateTime;
	}

	/**
	 * Apply every good record's changes, with the result of applying them in append order.
	 * @param target the snapshot's states, metadata and leases, updated in place
	 */
	void applyTo(JournalTarget target) {
		Map<String, EventLogState> states = target.states;
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
				target.metadata.remove(name);
				continue;
			}
			boolean withMetadata = kind > PUT_WITH_BOOKMARK;
			kind = withMetadata ? (byte) (kind - WITH_METADATA) : kind;
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
			EventLogState state = states.compute(name, (key, previous) -> new EventLogState(
					(previous != null) ? previous.name() : key, recordNumber, timestamp, mark));
			if (withMetadata) {
				int at = position + 24 + ((bookmark != null) ? 4 + payload.getInt(position + 24) : 0);
				target.metadata.put(state.name(), new LogMetadata(payload.getLong(at), payload.getInt(at + 8),
						payload.getLong(at + 12), payload.getLong(at + 20)));
			}
			else {
				target.metadata.remove(name);
			}
		}
		applySide(target);
	}

	/** The newest lease record replaces the lease state; tokens only move forward. */
	private void applySide(JournalTarget target) {
		if (this.side == null) {
			return;
		}
		ByteBuffer payload = this.side.duplicate();
		int count = payload.getInt(13);
		payload.position(PREAMBLE + 8);
		List<Lease> leases = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String prefix = string(payload);
			String holder = string(payload);
			String token = string(payload);
			leases.add(new Lease(prefix, holder, token, Instant.ofEpochSecond(payload.getLong(), payload.getInt())));
		}
		target.lastLeaseToken = Math.max(target.lastLeaseToken, this.lastLeaseToken);
		target.leases = leases;
	}

	private static String string(ByteBuffer payload) {
		byte[] bytes = new byte[payload.getInt()];
		payload.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
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
		boolean withMetadata = kind > PUT_WITH_BOOKMARK;
		kind = withMetadata ? (byte) (kind - WITH_METADATA) : kind;
		position += 24;
		position = (kind == PUT_WITH_BOOKMARK) ? position + 4 + payload.getInt(position) : position;
		return withMetadata ? position + METADATA_BYTES : position;
	}

	private static OffsetDateTime timestamp(long seconds, int nanos, int offset) {
		return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.ofTotalSeconds(offset));
	}

	private static byte[] fit(byte[] scratch, int length) {
		return (scratch.length >= length) ? scratch : new byte[Math.max(length, scratch.length * 2)];
	}

}
