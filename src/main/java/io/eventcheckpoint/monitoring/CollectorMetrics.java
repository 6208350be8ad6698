package io.eventcheckpoint.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.LogGroup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes when each collector last reported: {@code checkpoint.collector.last.update.timestamp}
 * (Prometheus {@code checkpoint_collector_last_update_timestamp_seconds{collector="host-a/"}}) per
 * group of {@code GET /fleet}, and {@code checkpoint.collectors}, the number of groups.
 * <p>
 * Series are bounded: the first {@code max-collectors - 1} groups in prefix order (a stable choice,
 * so series do not churn) get their own; the others share {@code collector="other"}, which carries
 * the <em>oldest</em> last update among them, so a stale collector hidden there still trips the
 * staleness alert. Grouping a million logs takes tens of milliseconds, so it runs every
 * {@code checkpoint.fleet.refresh-interval} on its own thread rather than on every scrape.
 */
public class CollectorMetrics implements MeterBinder, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CollectorMetrics.class);

	static final String LAST_UPDATE = "checkpoint.collector.last.update.timestamp";

	static final String COLLECTORS = "checkpoint.collectors";

	static final String OTHER = "other";

	private final Supplier<CheckpointEngine> checkpoints;

	private final FleetProperties properties;

	private final List<MultiGauge> bound = new CopyOnWriteArrayList<>();

	private volatile int groups;

	private volatile ScheduledExecutorService scheduler;

	/**
	 * Create the binder.
	 * @param checkpoints supplies the engine when the metrics are refreshed
	 * @param properties the cap, depth and refresh interval
	 */
	public CollectorMetrics(Supplier<CheckpointEngine> checkpoints, FleetProperties properties) {
		this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
		this.properties = Objects.requireNonNull(properties, "properties");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(COLLECTORS, this, CollectorMetrics::groups)
			.description("Groups of logs (collectors) tracked, including those folded into collector=\"other\"")
			.register(registry);
		this.bound.add(MultiGauge.builder(LAST_UPDATE)
			.description("Unix time of the last update of any log of the collector; collector=\"other\" holds the "
					+ "oldest among collectors beyond checkpoint.fleet.max-collectors")
			.baseUnit("seconds")
			.register(registry));
		refresh();
		startRefreshing();
	}

	private synchronized void startRefreshing() {
		if (this.scheduler != null || this.properties.refreshInterval().isZero()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "checkpoint-collector-metrics");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.properties.refreshInterval().toMillis());
		executor.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = executor;
	}

	/** Recompute the groups and replace the series; called on a schedule, and by tests. */
	public void refresh() {
		List<LogGroup> all = this.checkpoints.get().fleet().groups(this.properties.depth(), "");
		int own = (all.size() <= this.properties.maxCollectors()) ? all.size() : this.properties.maxCollectors() - 1;
		List<MultiGauge.Row<?>> rows = new ArrayList<>(own + 1);
		for (int i = 0; i < own; i++) {
			LogGroup group = all.get(i);
			rows.add(MultiGauge.Row.of(Tags.of("collector", group.prefix()), seconds(group.lastUpdate())));
		}
		if (own < all.size()) {
			Instant oldest = all.get(own).lastUpdate();
			for (int i = own + 1; i < all.size(); i++) {
				if (all.get(i).lastUpdate().isBefore(oldest)) {
					oldest = all.get(i).lastUpdate();
				}
			}
			rows.add(MultiGauge.Row.of(Tags.of("collector", OTHER), seconds(oldest)));
		}
		for (MultiGauge gauge : this.bound) {
			gauge.register(rows, true);
		}
		this.groups = all.size();
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (Throwable ex) {
			// An escaped exception would silently cancel the schedule.
			logger.warn("Refreshing the collector metrics failed", ex);
		}
	}

	private double groups() {
		return this.groups;
	}

	private static double seconds(Instant instant) {
		return instant.getEpochSecond() + instant.getNano() / 1e9;
	}

	@Override
	public void close() {
		ScheduledExecutorService executor = this.scheduler;
		this.scheduler = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

}
