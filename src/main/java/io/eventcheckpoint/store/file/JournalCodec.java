package io.eventcheckpoint.store.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.Lease;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.SideState;
import io.eventcheckpoint.engine.FlushBatch.Change;

/**
 * Encodes flushes as journal records ({@link JournalReplay} reads them back); the byte layout is described in
 * {@code package-info.java}.
 * <p>
 * Every record stands alone (its own update time and absolute states), so a batch split over
 * several records, or replayed twice, still yields the right states.
 */
final class JournalCodec {

	/** The first bytes of every segment: a name and a format version. */
	static final byte[] MAGIC = { 'C', 'K', 'P', 'T', 'J', 'N', 'L', 1 };

	static final int HEADER = 8;

	/** Payloads above this are split; lengths above {@link #MAX_PAYLOAD} are garbage. */
	static final int TARGET_PAYLOAD = 1 << 20;

	static final int MAX_PAYLOAD = 16 << 20;

	static final byte BATCH = 1;

	static final byte DELETE = 0;

	static final byte PUT = 1;

	static final byte PUT_WITH_BOOKMARK = 2;

	/** Added to a put's kind when the metadata follows it (issue 15): 3 and 4. */
	static final byte WITH_METADATA = 2;

	/** A record of the lease state (issue 15), appended only when it changed. */
	static final byte SIDE = 2;

	private JournalCodec() {
	}

	/**
	 * Encode changes as one or more framed records.
	 * @param updateTime the flush's time
	 * @param changes the changes
	 * @param out receives each framed record (length, checksum, payload), ready to write
	 */
	static void encode(OffsetDateTime updateTime, List<Change> changes, Consumer<ByteBuffer> out) {
		ByteBuffer buffer = ByteBuffer.allocate(Math.min(TARGET_PAYLOAD, 64 + changes.size() * 96) + HEADER);
		int count = 0;
		for (int i = 0; i < changes.size(); i++) {
			Change change = changes.get(i);
			byte[] name = utf8(change.name());
			byte[] bookmark = (change.state() != null && change.state().bookmark() != null)
					? utf8(change.state().bookmark()) : null;
			LogMetadata meta = (change.state() != null) ? change.metadata() : null;
			int size = 1 + 4 + name.length + ((change.state() == null) ? 0 : 24 + ((bookmark != null) ? 4 + bookmark.length : 0))
					+ ((meta != null) ? 28 : 0);
			if (count == 0) {
				buffer = ensure(buffer, HEADER + 17 + size);
				buffer.clear();
				buffer.position(HEADER);
				buffer.put(BATCH).putLong(updateTime.toEpochSecond()).putInt(updateTime.getNano()).putInt(0);
			}
			else if (buffer.position() + size > HEADER + TARGET_PAYLOAD) {
				out.accept(frame(buffer, count));
				count = 0;
				i--;
				continue;
			}
			buffer = ensure(buffer, buffer.position() + size);
			EventLogState state = change.state();
			if (state == null) {
				buffer.put(DELETE).putInt(name.length).put(name);
			}
			else {
				byte kind = (bookmark != null) ? PUT_WITH_BOOKMARK : PUT;
				buffer.put((meta != null) ? (byte) (kind + WITH_METADATA) : kind).putInt(name.length).put(name);
				buffer.putLong(state.recordNumber())
					.putLong(state.epochSecond())
					.putInt(state.nano())
					.putInt(state.offsetSeconds());
				if (bookmark != null) {
					buffer.putInt(bookmark.length).put(bookmark);
				}
				if (meta != null) {
					buffer.putLong(meta.updatedAtSecond())
						.putInt(meta.updatedAtNano())
						.putLong(meta.version())
						.putLong(meta.epoch());
				}
			}
			count++;
		}
		if (count > 0) {
			out.accept(frame(buffer, count));
		}
	}

	/**
	 * Encode the lease state as one framed record:
	 * {@code type:u8(=2) updateSeconds:i64 updateNanos:i32 count:u32 lastToken:i64 lease*count},
	 * {@code lease := prefix holder token (each length:u32 utf8) expiresSeconds:i64 expiresNanos:i32}.
	 * @param updateTime the flush's time
	 * @param side the counters and leases
	 * @return the framed record
	 */
	static ByteBuffer encodeSide(OffsetDateTime updateTime, SideState side) {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER + 64);
		buffer.position(HEADER);
		buffer.put(SIDE).putLong(updateTime.toEpochSecond()).putInt(updateTime.getNano()).putInt(0);
		buffer.putLong(side.lastLeaseToken());
		for (Lease lease : side.leases()) {
			byte[] prefix = utf8(lease.prefix());
			byte[] holder = utf8(lease.holder());
			byte[] token = utf8(lease.token());
			buffer = ensure(buffer, buffer.position() + 24 + prefix.length + holder.length + token.length);
			buffer.putInt(prefix.length).put(prefix).putInt(holder.length).put(holder).putInt(token.length).put(token);
			buffer.putLong(lease.expiresAt().getEpochSecond()).putInt(lease.expiresAt().getNano());
		}
		return frame(buffer, side.leases().size());
	}

	private static ByteBuffer ensure(ByteBuffer buffer, int size) {
		if (buffer.capacity() >= size) {
			return buffer;
		}
		ByteBuffer larger = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
		buffer.flip();
		larger.put(buffer);
		return larger;
	}

	/** Fill in the count, length and checksum; returns a copy the caller may keep. */
	private static ByteBuffer frame(ByteBuffer buffer, int count) {
		int payload = buffer.position() - HEADER;
		buffer.putInt(HEADER + 13, count);
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), HEADER, payload);
		buffer.putInt(0, payload).putInt(4, (int) crc.getValue());
		ByteBuffer framed = ByteBuffer.allocate(HEADER + payload);
		framed.put(buffer.array(), 0, HEADER + payload).flip();
		return framed;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
