package io.eventcheckpoint.store.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.eventcheckpoint.engine.Lease;

/**
 * Replays journal records onto the snapshot's states: first checks every record in append order
 * (checksum and layout, so damage is found exactly where a record-by-record replay would stop),
 * then finds the newest change of each name ({@link JournalMerge}: newest-first, comparing names
 * as bytes where they lie in the journal) and decodes only those, as the snapshot is read.
 * <p>
 * Why newest-first: after a crash the journal can hold a million changes, many to the same names.
 * Applying them in order built a name, a timestamp and a state for each one, and the collector's
 * copying of those short-lived objects cost more than the decoding. The result is the same: the
 * last change of each name in append order wins, and a delete removes the name.
 */
final class JournalReplay {

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
	 * Index the newest change of each name, to merge them into the snapshot's states as it is read.
	 * @param target the metadata and leases, updated by the merge and {@link #applySide}
	 * @return the merge, for the YAML reader and then {@link JournalMerge#finish}
	 */
	JournalMerge merge(JournalTarget target) {
		return new JournalMerge(this.payloads, this.changes, this.largestCount, target);
	}

	/** The newest lease record replaces the lease state; tokens only move forward. */
	void applySide(JournalTarget target) {
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

}
