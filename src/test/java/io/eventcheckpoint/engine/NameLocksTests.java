package io.eventcheckpoint.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-name locks of {@link NameLocks}: writers of different names do not wait for each other,
 * a writer of a locked name waits until it is unlocked, and overlapping batches taken in opposite
 * orders cannot deadlock.
 */
class NameLocksTests {

	private final NameLocks locks = new NameLocks();

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	@AfterEach
	void stop() throws InterruptedException {
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void batchesOfDifferentNamesHoldTheirLocksAtOnce() {
		try (NameLocks.Held first = this.locks.lock(List.of("a", "b", "c"))) {
			CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
				try (NameLocks.Held held = this.locks.lock(List.of("d", "e"))) {
					return this.locks.lockedNames();
				}
			}, this.threads);
			assertThat(second).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(5);
		}
		assertThat(this.locks.lockedNames()).isZero();
	}

	@Test
	void aWriterOfALockedNameWaitsUntilItIsUnlocked() {
		NameLocks.Held first = this.locks.lock(List.of("a", "shared"));
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
			started.countDown();
			try (NameLocks.Held held = this.locks.lock(List.of("z", "shared"))) {
				assertThat(this.locks.lockedNames()).isEqualTo(2);
			}
		}, this.threads);
		await().until(() -> started.getCount() == 0);
		// It gave back "z" and waits for "shared": only the first writer's names are locked.
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
			.until(() -> !second.isDone() && this.locks.lockedNames() == 2);
		first.close();
		assertThat(second).succeedsWithin(Duration.ofSeconds(10));
		assertThat(this.locks.lockedNames()).isZero();
	}

	@Test
	void overlappingBatchesInOppositeOrdersAllFinish() {
		List<String> forward = List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8");
		List<String> backward = List.of("n8", "n7", "n6", "n5", "n4", "n3", "n2", "n1");
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		List<CompletableFuture<Void>> writers = List.of(forward, backward, forward, backward).stream()
			.map((names) -> CompletableFuture.runAsync(() -> {
				for (int i = 0; i < 2_000; i++) {
					try (NameLocks.Held held = (i % 3 == 0) ? this.locks.lock(names.get(i % 8))
							: this.locks.lock(names)) {
						if (inside.incrementAndGet() > 1 && i % 3 != 0) {
							overlaps.incrementAndGet();
						}
						inside.decrementAndGet();
					}
				}
			}, this.threads))
			.toList();
		assertThat(CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)))
			.succeedsWithin(Duration.ofSeconds(60));
		// Every batch holds all eight names, so no batch ever ran beside another writer.
		assertThat(overlaps).hasValue(0);
		assertThat(this.locks.lockedNames()).isZero();
	}

}
