package io.eventcheckpoint.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventcheckpoint.checkpoint.store.CheckpointStore;
import io.eventcheckpoint.checkpoint.store.FlushBatch;
import io.eventcheckpoint.checkpoint.store.LoadedCheckpoint;
import io.eventcheckpoint.checkpoint.store.OnCorrupt;
import io.eventcheckpoint.checkpoint.store.YamlFileCheckpointStore;

/**
 * A real YAML file store that counts saves and can be told to fail or to hold a save.
 */
class TestStore implements CheckpointStore {

	final YamlFileCheckpointStore file;

	final AtomicInteger saves = new AtomicInteger();

	final AtomicInteger failures = new AtomicInteger();

	volatile int failNext;

	volatile CountDownLatch hold;

	final CountDownLatch saving = new CountDownLatch(1);

	TestStore(Path path) {
		this.file = new YamlFileCheckpointStore(path, OnCorrupt.FAIL);
	}

	@Override
	public LoadedCheckpoint load() throws IOException {
		return this.file.load();
	}

	@Override
	public long save(FlushBatch batch) throws IOException {
		this.saving.countDown();
		CountDownLatch latch = this.hold;
		if (latch != null) {
			try {
				latch.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.failNext > 0) {
			this.failNext--;
			this.failures.incrementAndGet();
			throw new IOException("No space left on device");
		}
		long bytes = this.file.save(batch);
		this.saves.incrementAndGet();
		return bytes;
	}

	@Override
	public String description() {
		return "test:" + this.file.description();
	}

}
