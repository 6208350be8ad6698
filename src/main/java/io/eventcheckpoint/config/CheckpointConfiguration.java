package io.eventcheckpoint.config;

import io.eventcheckpoint.engine.AuditListener;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.FlushListener;
import io.eventcheckpoint.engine.FlushTrigger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.store.file.CheckpointFileLock;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the engine from {@link CheckpointProperties}, on the store chosen by
 * {@code checkpoint.store}.
 */
@Configuration(proxyBeanMethods = false)
public class CheckpointConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointConfiguration.class);

	/**
	 * Held from before the store loads until after it has written its final snapshot (beans are
	 * destroyed after their dependents), so a second service on the same data directory fails at
	 * start-up, naming the file and the owner's pid.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "checkpoint.store", havingValue = "file", matchIfMissing = true)
	CheckpointFileLock checkpointFileLock(CheckpointProperties properties) throws IOException {
		return CheckpointFileLock.acquire(properties.file());
	}

	@Bean
	@ConditionalOnProperty(name = "checkpoint.store", havingValue = "file", matchIfMissing = true)
	YamlFileCheckpointStore yamlFileCheckpointStore(CheckpointProperties properties, CheckpointFileLock lock) {
		return new YamlFileCheckpointStore(properties.file(), properties.onCorrupt(), properties.journalSettings());
	}

	@Bean
	CheckpointEngine checkpointService(CheckpointStore store, CheckpointProperties properties,
			ObjectProvider<FlushListener> listeners, ObjectProvider<Clock> clock,
			ObjectProvider<AuditListener> auditListener) {
		List<FlushListener> all = listeners.orderedStream().toList();
		EngineSettings settings = EngineSettings.of(properties.maxUpdates(), properties.flushInterval())
			.withShutdownTimeout(properties.shutdownTimeout())
			.withLimits(properties.maxLogs(), properties.maxPendingUpdates())
			.withFlushListener(new CompositeFlushListener(all))
			.withAuditListener(auditListener.getIfUnique(() -> AuditListener.NONE))
			.withClock(clock.getIfAvailable(Clock::systemUTC));
		CheckpointEngine checkpoints = new CheckpointEngine(store, settings);
		logger.info("Loaded {} event logs from {} (update_time {}); max-updates={}, flush-interval={}, "
				+ "on-corrupt={}, max-logs={}, max-pending-updates={}, journal={}, snapshot-interval={}, "
				+ "snapshot-journal-size={}", checkpoints.size(), store.description(),
				checkpoints.lastSuccessfulFlush(), properties.maxUpdates(), properties.flushInterval(),
				properties.onCorrupt(), properties.maxLogs(), properties.maxPendingUpdates(), properties.journal(),
				properties.snapshotInterval(), properties.snapshotJournalSize());
		return checkpoints;
	}

	@Bean
	CheckpointService checkpointLifecycle(CheckpointEngine checkpoints) {
		return new CheckpointService(checkpoints);
	}

	/** Fans one flush out to every listener bean. */
	private record CompositeFlushListener(List<FlushListener> listeners) implements FlushListener {

		@Override
		public void flushSucceeded(FlushTrigger trigger, Duration duration, long bytes, long updates) {
			this.listeners.forEach((listener) -> listener.flushSucceeded(trigger, duration, bytes, updates));
		}

		@Override
		public void flushFailed(FlushTrigger trigger, Duration duration, Throwable cause) {
			this.listeners.forEach((listener) -> listener.flushFailed(trigger, duration, cause));
		}

	}

}
