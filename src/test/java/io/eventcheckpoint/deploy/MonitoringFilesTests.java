package io.eventcheckpoint.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Grafana dashboard and the Prometheus alert rules that the chart ships.
 */
class MonitoringFilesTests {

	/** The series the service exports (Micrometer's Prometheus names) that the files may query. */
	private static final Set<String> EXPORTED_SERIES = Set.of("checkpoint_flush_seconds_bucket",
			"checkpoint_flush_seconds_count", "checkpoint_flush_seconds_sum", "checkpoint_flush_seconds_max",
			"checkpoint_updates_total", "checkpoint_updates_pending", "checkpoint_logs",
			"checkpoint_flush_size_bytes_count", "checkpoint_flush_size_bytes_sum", "checkpoint_flush_size_bytes_max",
			"checkpoint_last_flush_timestamp_seconds", "checkpoint_store_recoveries_total",
			"checkpoint_collector_last_update_timestamp_seconds", "checkpoint_collectors",
			"http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
			"http_server_requests_seconds_sum", "http_server_requests_seconds_max");

	private static final Pattern SERIES_NAME = Pattern.compile("\\b(?:checkpoint|http_server)_[a-z_]+");

	@Test
	void dashboardShouldQueryEveryPanelThroughTheDatasourceVariable() {
		JsonNode dashboard = MonitoringFiles.dashboard();
		JsonNode variable = dashboard.at("/templating/list")
			.valueStream()
			.filter((candidate) -> "datasource".equals(candidate.path("name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no datasource variable"));
		assertThat(variable.path("type").asString()).isEqualTo("datasource");
		assertThat(variable.path("query").asString()).isEqualTo("prometheus");
		dashboard.path("panels")
			.valueStream()
			.filter((panel) -> panel.has("targets"))
			.forEach((panel) -> {
				assertThat(panel.at("/datasource/uid").asString()).as(panel.path("title").asString())
					.isEqualTo("${datasource}");
				panel.path("targets")
					.forEach((target) -> assertThat(target.at("/datasource/uid").asString())
						.as(panel.path("title").asString())
						.isEqualTo("${datasource}"));
			});
	}

	@Test
	void dashboardShouldPlotFlushesPositionsAndHttpTraffic() {
		Map<String, String> expressions = MonitoringFiles.dashboardExpressions();
		assertThat(expressions).containsEntry("Flush rate by outcome / A",
				"sum by (outcome) (rate(checkpoint_flush_seconds_count[5m]))")
			.containsEntry("Flush latency / A",
					"histogram_quantile(0.5, sum by (le) (rate(checkpoint_flush_seconds_bucket[5m])))")
			.containsEntry("Flush latency / B",
					"histogram_quantile(0.99, sum by (le) (rate(checkpoint_flush_seconds_bucket[5m])))")
			.containsEntry("Time since last flush / A", "time() - checkpoint_last_flush_timestamp_seconds")
			.containsEntry("Stalest collectors / A",
					"topk(20, min by (collector) (time() - checkpoint_collector_last_update_timestamp_seconds))");
		assertThat(expressions.values()).anyMatch((expr) -> expr.contains("checkpoint_updates_pending"))
			.anyMatch((expr) -> expr.contains("checkpoint_logs"))
			.anyMatch((expr) -> expr.contains("http_server_requests_seconds_count") && expr.contains("uri"))
			.anyMatch((expr) -> expr.contains("status=~\"5..\"") && expr.contains("by (uri"))
			.anyMatch((expr) -> expr.contains("status=~\"4..\"") && expr.contains("by (uri"));
	}

	@Test
	void alertRulesShouldWarnAboutFailingStuckAndBackedUpFlushes() {
		Map<String, JsonNode> rules = new LinkedHashMap<>();
		MonitoringFiles.alertRules()
			.path("groups")
			.forEach((group) -> group.path("rules").forEach((rule) -> rules.put(rule.path("alert").asString(), rule)));
		assertThat(rules).containsKeys("CheckpointFlushFailing", "CheckpointNoRecentFlush", "CheckpointPendingTooHigh");
		assertThat(rules.get("CheckpointFlushFailing").path("expr").asString())
			.contains("checkpoint_flush_seconds_count{outcome=\"failure\"}")
			.endsWith("> 0");
		assertThat(rules.get("CheckpointFlushFailing").path("for").asString()).isEqualTo("5m");
		assertThat(rules.get("CheckpointNoRecentFlush").path("expr").asString())
			.contains("time() - checkpoint_last_flush_timestamp_seconds > 600")
			.contains("checkpoint_updates_pending > 0");
		assertThat(rules.get("CheckpointPendingTooHigh").path("expr").asString()).startsWith("checkpoint_updates_pending >");
		assertThat(rules.get("CheckpointPendingTooHigh").path("for").asString()).isEqualTo("10m");
		assertThat(rules.get("CheckpointCollectorStale").path("expr").asString())
			.isEqualTo("min by (job, collector) (time() - checkpoint_collector_last_update_timestamp_seconds) > 3600");
		rules.forEach((name, rule) -> {
			assertThat(rule.at("/labels/severity").asString()).as(name).isIn("warning", "critical");
			assertThat(rule.at("/annotations/summary").asString()).as(name).isNotBlank();
			assertThat(rule.at("/annotations/description").asString()).as(name).isNotBlank();
		});
	}

	@Test
	void expressionsShouldQueryOnlySeriesTheServiceExports() {
		Map<String, String> expressions = MonitoringFiles.allExpressions();
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
		expressions.forEach((name, expr) -> {
			Set<String> series = new TreeSet<>();
			Matcher matcher = SERIES_NAME.matcher(expr);
			while (matcher.find()) {
				series.add(matcher.group());
			}
			assertThat(series).as(name).isNotEmpty().isSubsetOf(EXPORTED_SERIES);
		});
	}

	@Test
	void expressionsShouldRunOnPrometheusWithoutGrafanaVariables() {
		MonitoringFiles.allExpressions()
			.forEach((name, expr) -> assertThat(expr).as(name).isNotBlank().doesNotContain("$"));
	}

}
