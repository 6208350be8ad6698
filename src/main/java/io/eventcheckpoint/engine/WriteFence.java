package io.eventcheckpoint.engine;

import java.util.List;
import java.util.Map;

/**
 * Decides whether a write may happen, before any of it is applied: {@code If-Match} and
 * {@code If-None-Match} per entry, the backward-move rule in {@code (epoch, record_number)} order,
 * and the leases. Called with the names' locks of {@link NameLocks} held, so what it checked
 * still holds when the write is applied.
 */
final class WriteFence {

	private final LeaseTable leases;

	WriteFence(LeaseTable leases) {
		this.leases = leases;
	}

	/**
	 * Check every entry of a write; throw for the first that fails.
	 * @param writes the entries
	 * @param options the request's options
	 * @param states the current states, with their metadata
	 */
	void check(List<PositionWrite> writes, WriteOptions options, Map<String, TrackedState> states) {
		for (PositionWrite write : writes) {
			String name = write.state().name();
			this.leases.checkWrite(name, options.leaseToken());
			boolean backwardRule = options.rejectBackward() && !options.rewind();
			if (!write.ifNoneMatch() && write.ifMatch() == 0 && !backwardRule) {
				// The Go original's semantics: nothing to look up.
				continue;
			}
			// A tracked state carries its metadata: both are of the same change.
			TrackedState stored = states.get(name);
			if (write.ifNoneMatch() && stored != null) {
				throw new PreconditionFailedException(name, stored.metadata(), "Log '" + name + "' exists (version "
						+ Long.toUnsignedString(stored.version()) + ") and If-None-Match: * asked to create it only. "
						+ "Nothing was stored.");
			}
			if (write.ifMatch() != 0 && (stored == null || stored.version() != write.ifMatch())) {
				throw new PreconditionFailedException(name, (stored != null) ? stored.metadata() : null, "Log '" + name
						+ "' is " + ((stored == null) ? "not stored" : "at version " + Long.toUnsignedString(stored.version()))
						+ ", not version " + Long.toUnsignedString(write.ifMatch()) + " as If-Match asked. Nothing was stored.");
			}
			if (backwardRule && stored != null && isBackward(write, stored, stored.epoch())) {
				throw new BackwardMoveException(stored, stored.epoch(), write.state(), write.epoch());
			}
		}
	}

	/**
	 * Check a deletion.
	 * @param name the log
	 * @param ifMatch the version it must have, or 0
	 * @param leaseToken the writer's lease token, or {@code null}
	 * @param metadata the log's metadata, {@code null} if it does not exist
	 */
	void checkDelete(String name, long ifMatch, String leaseToken, LogMetadata metadata) {
		this.leases.checkWrite(name, leaseToken);
		if (ifMatch != 0 && (metadata == null || metadata.version() != ifMatch)) {
			throw new PreconditionFailedException(name, metadata, "Log '" + name + "' is "
					+ ((metadata == null) ? "not stored" : "at version " + metadata.versionString()) + ", not version "
					+ Long.toUnsignedString(ifMatch) + " as If-Match asked. Nothing was deleted.");
		}
	}

	/** Whether {@code (epoch, record_number)} of the write is below the stored one (unsigned). */
	static boolean isBackward(PositionWrite write, EventLogState stored, long storedEpoch) {
		int byEpoch = Long.compareUnsigned(write.epoch(), storedEpoch);
		if (byEpoch != 0) {
			return byEpoch < 0;
		}
		return Long.compareUnsigned(write.state().recordNumber(), stored.recordNumber()) < 0;
	}

	LeaseTable leases() {
		return this.leases;
	}

}
