package io.eventcheckpoint.engine;

import java.io.IOException;

/**
 * Where the engine keeps positions durably: load everything once, then save batches of changes.
 * <p>
 * Small on purpose, like Kafka Connect's {@code OffsetBackingStore}: implementations differ only in
 * how they save. A store is used by one flush thread at a time.
 */
public interface CheckpointStore extends AutoCloseable {

	/**
	 * Load every state. Called once, before the engine accepts updates.
	 * @return the stored states and the time of the write that produced them
	 * @throws IOException if the store cannot be read and cannot be recovered
	 */
	LoadedCheckpoint load() throws IOException;

	/**
	 * Make a batch durable: return only once it survives a crash.
	 * @param batch the changes since the last successful save, and the full snapshot
	 * @return bytes written, or 0 when the store cannot tell
	 * @throws IOException if the batch is not durable; the engine keeps it and retries
	 */
	long save(FlushBatch batch) throws IOException;

	/**
	 * A short description for logs and health, such as {@code file:/data/checkpoint.yml}.
	 * @return the description
	 */
	String description();

	/**
	 * Corrupt files or records set aside while loading.
	 * @return the number of recoveries since start-up
	 */
	default int recoveries() {
		return 0;
	}

	@Override
	default void close() throws IOException {
	}

}
