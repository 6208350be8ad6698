package io.eventcheckpoint.store.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.format.StateReplacer;

/**
 * Merges the newest journal change of each name into the snapshot's states while the YAML file
 * is read: a state the journal replaces is swapped for the journal's as soon as it is read, so it
 * never outlives a young collection, and no map of every name is built. Names the snapshot does
 * not hold are appended at the end ({@link #finish}).
 * <p>
 * The result is the one a replay in append order onto a map of the snapshot's names gives: each
 * name at its first place in the file with its last value, the journal's value or none where the
 * journal has one, the journal's new names after them in the order of this table.
 * <p>
 * The table is open-addressing, keyed by each name's bytes where they lie in the journal:
 * finding that a change is superseded builds no object at all.
 */
final class JournalMerge implements StateReplacer {

	private static final byte DELETE = JournalCodec.DELETE;

	private static final byte PUT_WITH_BOOKMARK = JournalCodec.PUT_WITH_BOOKMARK;

	private static final byte WITH_METADATA = JournalCodec.WITH_METADATA;

	private static final int METADATA_BYTES = JournalLayout.METADATA_BYTES;

	/** Set on a change once a snapshot entry took its place. */
	private static final long MERGED = Long.MIN_VALUE;

	/** Payloads of the good change records, in append order. */
	private final List<ByteBuffer> payloads;

	private final JournalTarget target;

	private final int[] hashes;

	/** Record index in the high half, position of the change in its payload in the low half. */
	private final long[] changes;

	private final int mask;

	private final boolean empty;

	/** The last name read: while every name is above the one before, the file holds no name twice. */
	private String previous;

	private boolean increasing = true;

	private byte[] scratch = new byte[256];

	/**
	 * Index the newest change of each name.
	 * @param payloads the good change records, in append order
	 * @param changes how many changes they hold
	 * @param largestCount the most changes one record holds
	 * @param target the metadata and leases, updated as changes are merged
	 */
	JournalMerge(List<ByteBuffer> payloads, long changes, int largestCount, JournalTarget target) {
		this.payloads = payloads;
		this.target = target;
		this.empty = changes == 0;
		int capacity = Integer.highestOneBit((int) Math.min(1 << 29, Math.max(16, changes + changes / 2)) - 1) << 1;
		this.hashes = new int[capacity];
		this.changes = new long[capacity];
		this.mask = capacity - 1;
		int[] offsets = new int[Math.max(0, largestCount)];
		for (int r = payloads.size() - 1; r >= 0; r--) {
			ByteBuffer payload = payloads.get(r);
			int count = payload.getInt(13);
			int position = JournalLayout.PREAMBLE;
			for (int i = 0; i < count; i++) {
				offsets[i] = position;
				position = next(payload, position);
			}
			for (int i = count - 1; i >= 0; i--) {
				offer(r, offsets[i]);
			}
		}
	}

	@Override
	public EventLogState replace(EventLogState state) {
		String name = state.name();
		if (this.increasing && this.previous != null && this.previous.compareTo(name) >= 0) {
			this.increasing = false;
		}
		this.previous = name;
		if (this.empty) {
			return state;
		}
		int slot = find(name);
		if (slot < 0) {
			return state;
		}
		if (this.changes[slot] < 0) {
			// The name again: its first entry already took the journal's value.
			return null;
		}
		this.changes[slot] |= MERGED;
		return apply(slot, name);
	}

	@Override
	public void restart() {
		for (int slot = 0; slot < this.changes.length; slot++) {
			this.changes[slot] &= ~MERGED;
		}
		this.previous = null;
		this.increasing = true;
	}

	/**
	 * Complete the merge once every snapshot entry went through {@link #replace}.
	 * @param states the states {@link #replace} kept, in file order
	 * @return every state, the journal's new names last
	 */
	List<EventLogState> finish(List<EventLogState> states) {
		List<EventLogState> merged;
		if (!this.increasing) {
			// The file holds a name twice (never one this service wrote): first place, last value.
			Map<String, EventLogState> byName = new LinkedHashMap<>();
			for (EventLogState state : states) {
				byName.put(state.name(), state);
			}
			merged = new ArrayList<>(byName.values());
		}
		else {
			merged = (states instanceof ArrayList) ? states : new ArrayList<>(states);
		}
		for (int slot = 0; slot < this.hashes.length; slot++) {
			if (this.hashes[slot] == 0 || this.changes[slot] < 0) {
				continue;
			}
			ByteBuffer payload = this.payloads.get(record(slot));
			int position = position(slot);
			int nameLength = payload.getInt(position + 1);
			EventLogState state = apply(slot, utf8(payload, position + 5, nameLength));
			if (state != null) {
				merged.add(state);
			}
		}
		return merged;
	}

	/** Apply a change to the metadata, and build its state: {@code null} for a deletion. */
	private EventLogState apply(int slot, String name) {
		ByteBuffer payload = this.payloads.get(record(slot));
		int position = position(slot);
		byte kind = payload.get(position);
		position += 5 + payload.getInt(position + 1);
		if (kind == DELETE) {
			this.target.metadata.remove(name);
			return null;
		}
		boolean withMetadata = kind > PUT_WITH_BOOKMARK;
		kind = withMetadata ? (byte) (kind - WITH_METADATA) : kind;
		String bookmark = null;
		int at = position + 24;
		if (kind == PUT_WITH_BOOKMARK) {
			int bookmarkLength = payload.getInt(at);
			bookmark = utf8(payload, at + 4, bookmarkLength);
			at += 4 + bookmarkLength;
		}
		EventLogState state = EventLogState.of(name, payload.getLong(position), payload.getLong(position + 8),
				payload.getInt(position + 16), payload.getInt(position + 20), bookmark);
		if (withMetadata) {
			this.target.metadata.put(name, new LogMetadata(payload.getLong(at), payload.getInt(at + 8),
					payload.getLong(at + 12), payload.getLong(at + 20)));
		}
		else {
			this.target.metadata.remove(name);
		}
		return state;
	}

	/** Keep a change unless a newer one of the same name was offered before. */
	private void offer(int record, int position) {
		ByteBuffer payload = this.payloads.get(record);
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
			if (existing == hash && sameName(payload, position, length, slot)) {
				return;
			}
		}
	}

	/** @return the slot of a name's newest change, or -1 if the journal never changed it */
	private int find(String name) {
		byte[] utf8 = null;
		int hash = 1;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c >= 0x80) {
				utf8 = name.getBytes(StandardCharsets.UTF_8);
				if (!new String(utf8, StandardCharsets.UTF_8).equals(name)) {
					// A lone surrogate, which no journal name decodes to.
					return -1;
				}
				break;
			}
			hash = 31 * hash + c;
		}
		int length = name.length();
		if (utf8 != null) {
			hash = 1;
			for (byte b : utf8) {
				hash = 31 * hash + b;
			}
			length = utf8.length;
		}
		hash = (hash * 0x9E3779B9) | 1;
		for (int slot = (hash >>> 7) & this.mask;; slot = (slot + 1) & this.mask) {
			int existing = this.hashes[slot];
			if (existing == 0) {
				return -1;
			}
			if (existing == hash && sameName(name, utf8, length, slot)) {
				return slot;
			}
		}
	}

	private boolean sameName(ByteBuffer payload, int position, int length, int slot) {
		ByteBuffer other = this.payloads.get(record(slot));
		int otherPosition = position(slot);
		if (other.getInt(otherPosition + 1) != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (payload.get(position + 5 + i) != other.get(otherPosition + 5 + i)) {
				return false;
			}
		}
		return true;
	}

	/** Compare a name (its UTF-8 bytes, or {@code null} when it is ASCII) with a change's. */
	private boolean sameName(String name, byte[] utf8, int length, int slot) {
		ByteBuffer other = this.payloads.get(record(slot));
		int start = position(slot) + 5;
		if (other.getInt(start - 4) != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			int b = (utf8 != null) ? utf8[i] : name.charAt(i);
			if (other.get(start + i) != b) {
				return false;
			}
		}
		return true;
	}

	private int record(int slot) {
		return (int) ((this.changes[slot] & ~MERGED) >>> 32);
	}

	private int position(int slot) {
		return (int) this.changes[slot];
	}

	private String utf8(ByteBuffer payload, int start, int length) {
		if (this.scratch.length < length) {
			this.scratch = new byte[Math.max(length, this.scratch.length * 2)];
		}
		payload.get(start, this.scratch, 0, length);
		return new String(this.scratch, 0, length, StandardCharsets.UTF_8);
	}

	/** The position after a change. */
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

}
