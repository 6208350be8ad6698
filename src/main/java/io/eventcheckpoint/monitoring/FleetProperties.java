package io.eventcheckpoint.monitoring;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-collector metrics ({@code checkpoint.collector.last.update.timestamp}).
 *
 * @param maxCollectors most {@code collector} series: beyond it, the remaining groups share one
 * series, {@code collector="other"}, so the number of series stays bounded whatever names clients send
 * @param depth how many {@code /} a collector's prefix holds, as {@code GET /fleet?depth=}
 * @param refreshInterval how often the groups are recomputed for the metrics
 */
@Validated
@ConfigurationProperties("checkpoint.fleet")
public record FleetProperties(
		@DefaultValue("1000") @Min(1) @Max(100000) int maxCollectors,
		@DefaultValue("1") @Min(1) @Max(16) int depth,
		@DefaultValue("15s") @NotNull Duration refreshInterval) {
}
