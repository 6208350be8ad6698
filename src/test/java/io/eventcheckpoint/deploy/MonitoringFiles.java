package io.eventcheckpoint.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The PromQL of the Grafana dashboard and the alert rules, read from the chart's own files so that
 * tests check exactly what the chart ships.
 */
final class MonitoringFiles {

	static final Path DASHBOARD = RenderedChart.CHART_DIR.resolve("dashboards/checkpoint-service.json");

	static final Path ALERT_RULES = RenderedChart.CHART_DIR.resolve("rules/checkpoint-alerts.yaml");

	private MonitoringFiles() {
	}

	static JsonNode dashboard() {
		return new JsonMapper().readTree(DASHBOARD);
	}

	static JsonNode alertRules() {
		return new YAMLMapper().readTree(ALERT_RULES);
	}

	/**
	 * Every query of the dashboard ({@code panels[].targets[].expr}, rows' nested panels included).
	 * @return expressions keyed by "panel title / refId"
	 */
	static Map<String, String> dashboardExpressions() {
		Map<String, String> expressions = new LinkedHashMap<>();
		collect(dashboard().path("panels"), expressions);
		return expressions;
	}

	private static void collect(JsonNode panels, Map<String, String> expressions) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				String key = panel.path("title").asString() + " / " + target.path("refId").asString();
				expressions.put(key, target.path("expr").asString());
			}
			collect(panel.path("panels"), expressions);
		}
	}

	/**
	 * Every alerting rule's expression ({@code groups[].rules[].expr}).
	 * @return expressions keyed by alert name
	 */
	static Map<String, String> alertExpressions() {
		Map<String, String> expressions = new LinkedHashMap<>();
		for (JsonNode group : alertRules().path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				String name = rule.has("alert") ? rule.path("alert").asString() : rule.path("record").asString();
				expressions.put(name, rule.path("expr").asString());
			}
		}
		return expressions;
	}

	/**
	 * Dashboard and alert expressions together.
	 * @return expressions keyed by "dashboard: ..." and "alert: ..."
	 */
	static Map<String, String> allExpressions() {
		Map<String, String> expressions = new LinkedHashMap<>();
		dashboardExpressions().forEach((key, expr) -> expressions.put("dashboard: " + key, expr));
		alertExpressions().forEach((key, expr) -> expressions.put("alert: " + key, expr));
		return expressions;
	}

}
