package io.eventcheckpoint.support;

import java.io.IOException;
import java.nio.file.Path;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;

/**
 * A real YAML file store that can be made to fail like a full disk, with a failure message that
 * tests check never reaches a client.
 */
public class FailingFileStore implements CheckpointStore {

	private final YamlFileCheckpointStore file;

	private final String description;

	private final String failureMessage;

	public volatile boolean failing;

	public FailingFileStore(Path file, String description, String failureMessage) {
		this.file = new YamlFileCheckpointStore(file, OnCorrupt.FAIL);
		this.description = description;
		this.failureMessage = failureMessage;
	}

	@Override
	public LoadedCheckpoint load() throws IOException {
		return this.file.load();
	}

	@Override
	public long save(FlushBatch batch) throws IOException {
		if (this.failing) {
			throw new IOException(this.failureMessage);
		}
		return this.file.save(batch);
	}

	@Override
	public String description() {
		return this.description;
	}

}
