package io.eventcheckpoint.monitoring;

import java.time.Duration;

import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.FlushListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Exposes the engine to Prometheus (through {@link CheckpointMetrics}) and to Kubernetes probes
 * (through the {@code checkpointStore} health indicator).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FleetProperties.class)
class CheckpointMonitoringConfiguration {

	/**
	 * The metrics binder. It takes a provider, not the engine: the engine takes every
	 * {@link FlushListener} bean when it is created, this one included.
	 */
	@Bean
	CheckpointMetrics checkpointMetrics(ObjectProvider<CheckpointEngine> checkpoints) {
		return new CheckpointMetrics(checkpoints::getObject);
	}

	/** The per-collector metrics; closed with the context, which stops their refresh thread. */
	@Bean
	CollectorMetrics collectorMetrics(ObjectProvider<CheckpointEngine> checkpoints, FleetProperties properties) {
		return new CollectorMetrics(checkpoints::getObject, properties);
	}

	/** The tags of {@code http.server.requests} as Spring computes them, once per combination. */
	@Bean
	CachedRequestObservationConvention cachedRequestObservationConvention(
			ObjectProvider<ObservationProperties> properties) {
		ObservationProperties observation = properties.getIfAvailable();
		return new CachedRequestObservationConvention((observation != null)
				? observation.getHttp().getServer().getRequests().getName() : "http.server.requests");
	}

	/**
	 * The {@code checkpointStore} health contributor (Boot drops the {@code HealthIndicator} suffix),
	 * named so as not to clash with a store bean called {@code checkpointStore}.
	 */
	@Bean
	CheckpointStoreHealthIndicator checkpointStoreHealthIndicator(CheckpointEngine checkpoints,
			CheckpointProperties properties, CheckpointHealthProperties health) {
		Duration maxPendingAge = health.maxPendingAge(properties.flushInterval());
		if (maxPendingAge.compareTo(properties.flushInterval()) <= 0) {
			throw new InvalidConfigurationPropertyValueException("checkpoint.health.max-pending-age", maxPendingAge,
					"It must be longer than checkpoint.flush-interval (" + properties.flushInterval()
							+ "), which pending updates wait for when all is well.");
		}
		return new CheckpointStoreHealthIndicator(checkpoints, health.maxConsecutiveFailures(), maxPendingAge);
	}

}
