package io.eventcheckpoint.system;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The PromQL that operators run against the service, read from the files the Helm chart ships:
 * the Grafana dashboard ({@code panels[].targets[].expr}, rows' nested panels included) and the
 * Prometheus alert rules ({@code groups[].rules[].expr}).
 */
final class MonitoringQueries {

	static final Path CHART = Path.of("helm/checkpoint-service");

	static final Path DASHBOARD = CHART.resolve("dashboards/checkpoint-service.json");

	static final Path ALERT_RULES = CHART.resolve("rules/checkpoint-alerts.yaml");

	private MonitoringQueries() {
	}

	/**
	 * Every query of the dashboard.
	 * @return expressions keyed by "panel title / refId"
	 */
	static Map<String, String> dashboard() {
		Map<String, String> expressions = new LinkedHashMap<>();
		collect(new JsonMapper().readTree(DASHBOARD.toFile()).path("panels"), expressions);
		return expressions;
	}

	private static void collect(JsonNode panels, Map<String, String> expressions) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				expressions.put(panel.path("title").asString() + " / " + target.path("refId").asString(),
						target.path("expr").asString());
			}
			collect(panel.path("panels"), expressions);
		}
	}

	/**
	 * Every alerting rule's expression.
	 * @return expressions keyed by alert name
	 */
	static Map<String, String> alerts() {
		Map<String, String> expressions = new LinkedHashMap<>();
		for (JsonNode group : new YAMLMapper().readTree(ALERT_RULES.toFile()).path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				if (rule.has("alert")) {
					expressions.put(rule.path("alert").asString(), rule.path("expr").asString());
				}
			}
		}
		return expressions;
	}

}
