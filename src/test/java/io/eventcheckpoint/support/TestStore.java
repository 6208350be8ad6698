package io.eventcheckpoint.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.store.file.OnCorrupt;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;

/**
 * A real YAML file store that counts saves and can be told to fail or to hold a save.
 */
public class TestStore implements CheckpointStore {

	public final YamlFileCheckpointStore file;

	public final AtomicInteger saves = new AtomicInteger();

	public final AtomicInteger failures = new AtomicInteger();

	public volatile int failNext;

	public volatile CountDownLatch hold;

	public final CountDownLatch saving = new CountDownLatch(1);

	public TestStore(Path path) {
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
