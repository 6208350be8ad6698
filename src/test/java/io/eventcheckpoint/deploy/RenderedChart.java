package io.eventcheckpoint.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's manifests as rendered by Helm (through helm-java) for a set of values, parsed for assertions.
 */
final class RenderedChart {

	static final Path CHART_DIR = Path.of("helm/checkpoint-service");

	static final String RELEASE = "r";

	static final String NAMESPACE = "checkpoint";

	private static final YAMLMapper YAML = new YAMLMapper();

	private final List<JsonNode> manifests;

	private RenderedChart(List<JsonNode> manifests) {
		this.manifests = manifests;
	}

	/**
	 * Renders the chart like {@code helm template r helm/checkpoint-service --set k1=v1 --set k2=v2}.
	 * @param keyValues alternating keys and values
	 * @return the rendered manifests
	 */
	static RenderedChart render(Object... keyValues) {
		TemplateCommand template = new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
		values(keyValues).forEach(template::set);
		return parse(template.call());
	}

	/**
	 * Renders the chart's NOTES.txt as {@code helm install --dry-run=client} prints it (helm template omits it).
	 * @param keyValues alternating keys and values
	 * @return the notes
	 */
	static String notes(Object... keyValues) {
		InstallCommand install = new Helm(CHART_DIR).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.dryRun()
			.withDryRunOption(DryRun.CLIENT)
			.clientOnly();
		values(keyValues).forEach(install::set);
		return install.call().getOutput();
	}

	static RenderedChart parse(String yaml) {
		List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
		return new RenderedChart(documents.stream()
			.filter((document) -> document != null && document.isObject() && document.has("kind"))
			.toList());
	}

	private static Map<String, Object> values(Object... keyValues) {
		assertThat(keyValues.length % 2).as("keys and values come in pairs").isZero();
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			values.put((String) keyValues[i], keyValues[i + 1]);
		}
		return values;
	}

	List<String> kinds() {
		return this.manifests.stream().map((manifest) -> manifest.path("kind").asString()).toList();
	}

	List<JsonNode> all(String kind) {
		return this.manifests.stream().filter((manifest) -> kind.equals(manifest.path("kind").asString())).toList();
	}

	Optional<JsonNode> find(String kind) {
		List<JsonNode> matches = all(kind);
		assertThat(matches).as("manifests of kind %s", kind).hasSizeLessThanOrEqualTo(1);
		return matches.stream().findFirst();
	}

	JsonNode one(String kind) {
		return find(kind).orElseThrow(() -> new AssertionError("No " + kind + " in " + kinds()));
	}

	JsonNode named(String kind, String name) {
		return all(kind).stream()
			.filter((manifest) -> name.equals(manifest.at("/metadata/name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " named " + name + " in " + kinds()));
	}

	/**
	 * The workload of the service: the StatefulSet (file store) or the Deployment (jdbc store).
	 */
	JsonNode workload() {
		List<JsonNode> workloads = this.manifests.stream()
			.filter((manifest) -> List.of("StatefulSet", "Deployment").contains(manifest.path("kind").asString()))
			.toList();
		assertThat(workloads).as("workloads").hasSize(1);
		return workloads.get(0);
	}

	JsonNode podSpec() {
		return workload().at("/spec/template/spec");
	}

	JsonNode container() {
		JsonNode containers = podSpec().path("containers");
		assertThat(containers.size()).as("containers").isEqualTo(1);
		return containers.get(0);
	}

	/**
	 * Environment of the container as the kubelet assembles it from the ConfigMap in envFrom.
	 */
	Map<String, String> configEnvironment() {
		JsonNode envFrom = container().path("envFrom");
		assertThat(envFrom.size()).as("envFrom").isEqualTo(1);
		String configMapName = envFrom.get(0).at("/configMapRef/name").asString();
		Map<String, String> environment = new LinkedHashMap<>();
		named("ConfigMap", configMapName).path("data")
			.properties()
			.forEach((entry) -> environment.put(entry.getKey(), entry.getValue().asString()));
		return environment;
	}

	/**
	 * Variables set directly on the container ({@code env}), by name.
	 */
	Map<String, JsonNode> containerEnv() {
		Map<String, JsonNode> env = new LinkedHashMap<>();
		container().path("env").valueStream().forEach((variable) -> env.put(variable.path("name").asString(), variable));
		return env;
	}

	JsonNode volume(String name) {
		return podSpec().path("volumes")
			.valueStream()
			.filter((volume) -> name.equals(volume.path("name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume " + name + " in " + podSpec().path("volumes")));
	}

	Optional<String> mountPath(String volumeName) {
		return container().path("volumeMounts")
			.valueStream()
			.filter((mount) -> volumeName.equals(mount.path("name").asString()))
			.map((mount) -> mount.path("mountPath").asString())
			.findFirst();
	}

}
