package io.eventcheckpoint.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EngineSettings;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.support.FakeTicker;
import io.eventcheckpoint.support.InMemoryCheckpointStore;
import io.eventcheckpoint.support.MutableClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link CollectorMetrics}: one series per collector, bounded by {@code max-collectors}.
 */
class CollectorMetricsTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-01-01T00:00:00Z");

	private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final CheckpointEngine engine = new CheckpointEngine(new InMemoryCheckpointStore(),
			EngineSettings.of(100_000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));

	private CollectorMetrics metrics;

	@AfterEach
	void stop() {
		if (this.metrics != null) {
			this.metrics.close();
		}
		this.engine.shutdown();
	}

	private CollectorMetrics metrics(int maxCollectors) {
		this.metrics = new CollectorMetrics(() -> this.engine,
				new FleetProperties(maxCollectors, 1, Duration.ZERO));
		return this.metrics;
	}

	@Test
	void lastUpdateShouldBePublishedPerCollectorInSecondsAndFollowNewUpdates() {
		this.engine.persist("host-a/Security", 1, TIME);
		this.clock.advance(Duration.ofSeconds(90));
		this.engine.persist("host-b/Security", 1, TIME);
		this.engine.persist("host-b/Application", 1, TIME);
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		CollectorMetrics metrics = metrics(1000);
		metrics.bindTo(registry);
		String scrape = registry.scrape();
		assertThat(scrape).contains("checkpoint_collector_last_update_timestamp_seconds{collector=\"host-a/\"} "
				+ (double) START.getEpochSecond());
		assertThat(registry.get(CollectorMetrics.LAST_UPDATE).tag("collector", "host-b/").gauge().value())
			.isEqualTo(START.getEpochSecond() + 90.0);
		assertThat(scrape).contains("checkpoint_collectors 2.0");

		this.clock.advance(Duration.ofSeconds(10));
		this.engine.persist("host-a/Security", 2, TIME);
		this.engine.delete("host-b/Security");
		this.engine.delete("host-b/Application");
		metrics.refresh();
		assertThat(registry.get(CollectorMetrics.LAST_UPDATE).gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.getId().getTag("collector")).isEqualTo("host-a/"))
			.satisfies((gauge) -> assertThat(gauge.value()).isEqualTo(START.getEpochSecond() + 100.0));
	}

	@Test
	void cardinalityCapShouldHoldWithFiveThousandCollectors() {
		// The stalest collectors sort last, beyond the cap: "other" must carry the oldest update.
		List<EventLogState> batch = new ArrayList<>();
		for (int i = 4999; i >= 0; i--) {
			batch.add(new EventLogState(String.format("host-%04d/Security", i), 1, TIME));
			if (i == 3000) {
				this.engine.persistAll(batch);
				batch.clear();
				this.clock.advance(Duration.ofHours(1));
			}
		}
		this.engine.persistAll(batch);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics(1000).bindTo(registry);
		List<Gauge> series = new ArrayList<>(registry.get(CollectorMetrics.LAST_UPDATE).gauges());
		assertThat(series).hasSize(1000);
		assertThat(series).filteredOn((gauge) -> "other".equals(gauge.getId().getTag("collector")))
			.singleElement()
			.satisfies((other) -> assertThat(other.value()).isCloseTo(START.getEpochSecond(), within(0.01)));
		assertThat(series).filteredOn((gauge) -> "host-0000/".equals(gauge.getId().getTag("collector")))
			.singleElement()
			.satisfies((own) -> assertThat(own.value()).isCloseTo(START.getEpochSecond() + 3600, within(0.01)));
		assertThat(registry.get(CollectorMetrics.COLLECTORS).gauge().value()).isEqualTo(5000);
		assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.allSatisfy((tag) -> assertThat(tag.getKey()).isEqualTo("collector")));
	}

	@Test
	void collectorsUnderTheCapShouldHaveNoOtherSeries() {
		for (int i = 0; i < 10; i++) {
			this.engine.persist("host-" + i + "/Security", 1, TIME);
		}
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics(10).bindTo(registry);
		assertThat(registry.get(CollectorMetrics.LAST_UPDATE).gauges()).hasSize(10)
			.noneMatch((gauge) -> "other".equals(gauge.getId().getTag("collector")));
	}

}
