package io.eventcheckpoint.store.file;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoField;

/**
 * Checks a journal record's layout without building anything, so that replay treats a record
 * with a good checksum but a bad layout (a writer bug or a foreign file) as damage, exactly where
 * a record-by-record replay would have stopped. The layout is described in {@code package-info.java}.
 */
final class JournalLayout {

	private static final byte DELETE = JournalCodec.DELETE;

	private static final byte PUT = JournalCodec.PUT;

	private static final byte PUT_WITH_BOOKMARK = JournalCodec.PUT_WITH_BOOKMARK;

	private static final byte WITH_METADATA = JournalCodec.WITH_METADATA;

	/** Bytes of a record payload before its changes: type, update time, change count. */
	static final int PREAMBLE = 17;

	/** Last-update time, version and epoch after a put. */
	static final int METADATA_BYTES = 28;

	private static final long MIN_DAY = ChronoField.EPOCH_DAY.range().getMinimum();

	private static final long MAX_DAY = ChronoField.EPOCH_DAY.range().getMaximum();

	private JournalLayout() {
	}

	/**
	 * Walk a payload's changes without building anything: every length in bounds, every kind known,
	 * every timestamp one that decodes, no trailing bytes.
	 */
	static boolean validChanges(ByteBuffer payload, int count) {
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
			boolean withMetadata = kind == PUT + WITH_METADATA || kind == PUT_WITH_BOOKMARK + WITH_METADATA;
			kind = withMetadata ? (byte) (kind - WITH_METADATA) : kind;
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
			if (withMetadata) {
				if (limit - position < METADATA_BYTES) {
					return false;
				}
				position += METADATA_BYTES;
			}
		}
		return position == limit;
	}

	/**
	 * Walk a lease record: {@code lastToken:i64}, then per lease prefix, holder and token (each
	 * {@code length:u32 utf8}) and {@code expiresSeconds:i64 expiresNanos:i32}.
	 */
	static boolean validSide(ByteBuffer payload, int count) {
		int limit = payload.limit();
		int position = PREAMBLE + 8;
		if (count < 0 || position > limit) {
			return false;
		}
		for (int i = 0; i < count; i++) {
			for (int field = 0; field < 3; field++) {
				if (limit - position < 4) {
					return false;
				}
				int length = payload.getInt(position);
				if (length < 0 || length > limit - position - 4) {
					return false;
				}
				position += 4 + length;
			}
			if (limit - position < 12) {
				return false;
			}
			position += 12;
		}
		return position == limit;
	}

	/** Whether {@link #timestamp} would succeed: the same checks as {@code Instant} and {@code LocalDate}. */
	static boolean validTimestamp(long seconds, int nanos, int offset) {
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

}
