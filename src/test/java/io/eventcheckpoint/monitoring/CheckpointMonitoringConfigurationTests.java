package io.eventcheckpoint.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

import io.eventcheckpoint.config.CheckpointConfiguration;
import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.support.CheckpointContextRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CheckpointMonitoringConfiguration} and {@link CheckpointHealthProperties}.
 */
class CheckpointMonitoringConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return CheckpointContextRunner.withFileIn(this.dir, TestConfiguration.class);
	}

	@Test
	void healthBoundsShouldDefaultToEightFailuresAndAMinuteBeyondTheFlushInterval() {
		runner().withPropertyValues("checkpoint.flush-interval=1h").run((context) -> {
			CheckpointHealthProperties health = context.getBean(CheckpointHealthProperties.class);
			assertThat(health.maxConsecutiveFailures()).isEqualTo(8);
			assertThat(health.maxPendingAge()).isNull();
			assertThat(health.maxPendingAge(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(61));
			assertThat(context.getBean("checkpointStoreHealthIndicator", CheckpointStoreHealthIndicator.class)
				.health()
				.getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void metricsShouldBindToTheEngineThatListensToThem() {
		runner().run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			CheckpointEngine checkpoints = context.getBean(CheckpointEngine.class);
			checkpoints.persist("Application", 1, OffsetDateTime.now());
			checkpoints.flush(Duration.ofSeconds(10));
			assertThat(registry.get(CheckpointMetrics.UPDATES).functionCounter().count()).isEqualTo(1);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(registry.get(CheckpointMetrics.FLUSH)
					.tags("outcome", "success", "trigger", "durable")
					.timer()
					.count()).isEqualTo(1));
		});
	}

	@Test
	void maxPendingAgeShouldOverrideTheDefault() {
		runner().withPropertyValues("checkpoint.health.max-pending-age=90s")
			.run((context) -> assertThat(context.getBean(CheckpointHealthProperties.class).maxPendingAge(Duration.ofSeconds(5)))
				.isEqualTo(Duration.ofSeconds(90)));
	}

	@Test
	void maxConsecutiveFailuresBelowOneShouldFailNamingTheProperty() {
		runner().withPropertyValues("checkpoint.health.max-consecutive-failures=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxConsecutiveFailures"));
	}

	@Test
	void maxPendingAgeNotLongerThanTheFlushIntervalShouldFailNamingBothProperties() {
		runner().withPropertyValues("checkpoint.flush-interval=1m", "checkpoint.health.max-pending-age=60s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("checkpoint.health.max-pending-age")
				.hasMessageContaining("checkpoint.flush-interval"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ CheckpointProperties.class, CheckpointHealthProperties.class })
	@Import({ CheckpointConfiguration.class, CheckpointMonitoringConfiguration.class })
	static class TestConfiguration {

	}

}
