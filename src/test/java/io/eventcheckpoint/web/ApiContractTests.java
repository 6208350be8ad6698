package io.eventcheckpoint.web;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.eventcheckpoint.support.HttpTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract: real answers over HTTP must be exactly what the live {@code /v3/api-docs} says,
 * status, media type and body, checked with a JSON Schema validator. Any drift fails here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiContractTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MAX = "18446744073709551615";

	/** JSON Schema 2020-12, as OpenAPI 3.1 uses it, with formats such as date-time asserted. */
	private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

	@TempDir
	static Path dataDir;

	@LocalServerPort
	int port;

	private JsonNode document;

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> dataDir.resolve("checkpoint.yml").toString());
	}

	@BeforeEach
	void readDocument() {
		HttpResponse<String> docs = http().get("/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		this.document = JSON.readTree(docs.body());
	}

	@Test
	void answersShouldMatchTheDescription() {
		String name = "contract/Microsoft-Windows-Sysmon/Operational ü 😀";
		String path = "/logs/" + LogsApiTests.encode(name);
		check("put", "/logs/{name}", http().put(path + "?durable=true", "{\"record_number\": \"" + MAX
				+ "\", \"timestamp\": \"2026-11-24T10:00:00.123456789+05:30\", \"bookmark\": \"<b/>\"}"), 200);
		check("put", "/logs/{name}", http().put("/logs/contract/b", "{\"record_number\": 7}"), 200);
		check("put", "/logs/{name}", http().put(path, "{\"record_number\": -1}"), 400);
		check("put", "/logs/{name}", http().send("PUT", path, "x".getBytes(), "Content-Type", "text/plain"), 415);
		check("get", "/logs/{name}", http().get(path), 200);
		check("get", "/logs/{name}", http().get(path, "Accept", "*/*, application/problem+json"), 200);
		check("get", "/logs/{name}", http().get("/logs/contract/missing"), 404);
		check("get", "/logs", http().get("/logs"), 200);
		check("get", "/logs", http().get("/logs?prefix=contract/&limit=1"), 200);
		check("get", "/logs", http().get("/logs", "Accept", "application/yaml"), 200);
		check("get", "/logs", http().get("/logs?limit=0"), 400);
		check("get", "/logs", http().get("/logs?cursor=*"), 400);
		check("get", "/logs", http().get("/logs", "Accept", "text/html"), 406);
		check("post", "/logs", http().post("/logs", "{\"event_logs\": [{\"name\": \"contract/c\", "
				+ "\"record_number\": \"1\", \"timestamp\": \"2026-11-24T10:00:00Z\"}]}"), 200);
		check("post", "/logs", http().post("/logs", "{\"event_logs\": []}"), 400);
		check("delete", "/logs/{name}", http().delete("/logs/contract/c"), 204);
		check("delete", "/logs/{name}", http().delete("/logs/contract/c"), 404);
	}

	@Test
	void recordNumbersShouldBeDecimalStringsOnTheWire() {
		http().put("/logs/contract/max", "{\"record_number\": " + MAX + "}");
		JsonNode state = JSON.readTree(http().get("/logs/contract/max").body());
		assertThat(state.get("record_number").isString()).isTrue();
		assertThat(state.get("record_number").stringValue()).isEqualTo(MAX);
	}

	@Test
	void documentShouldDeclareWhatEachOperationProducesAndProblemsOnlyOnErrors() {
		assertThat(this.document.at("/info/license/identifier").asString()).isEqualTo("Apache-2.0");
		JsonNode paths = this.document.get("paths");
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				for (Map.Entry<String, JsonNode> response : operation.getValue().get("responses").properties()) {
					String where = operation.getKey() + " " + path.getKey() + " " + response.getKey();
					boolean error = response.getKey().startsWith("4") || response.getKey().startsWith("5");
					JsonNode content = response.getValue().path("content");
					assertThat(content.propertyNames()).as(where).doesNotContain("*/*");
					if (error) {
						assertThat(content.propertyNames()).as(where).containsExactly("application/problem+json");
					}
					else if (!response.getKey().equals("204")) {
						assertThat(content.propertyNames()).as(where)
							.isNotEmpty()
							.doesNotContain("application/problem+json");
					}
				}
			}
		}
	}

	@Test
	void examplesShouldValidateAgainstTheirSchemas() {
		List<String> failures = new ArrayList<>();
		walkExamples(this.document.get("components").get("schemas"), "#/components/schemas", failures);
		walkExamples(this.document.get("paths"), "#/paths", failures);
		assertThat(failures).isEmpty();
	}

	private void walkExamples(JsonNode node, String where, List<String> failures) {
		if (node.isObject()) {
			boolean schemaLike = node.has("type") || node.has("$ref") || node.has("format");
			if (schemaLike && node.has("example")) {
				failures.addAll(validate(node, node.get("example"), where));
			}
			if (schemaLike && node.has("examples") && node.get("examples").isArray()) {
				for (JsonNode example : node.get("examples")) {
					failures.addAll(validate(node, example, where));
				}
			}
			for (Map.Entry<String, JsonNode> child : node.properties()) {
				walkExamples(child.getValue(), where + "/" + child.getKey(), failures);
			}
		}
		else if (node.isArray()) {
			Iterator<JsonNode> elements = node.iterator();
			for (int i = 0; elements.hasNext(); i++) {
				walkExamples(elements.next(), where + "/" + i, failures);
			}
		}
	}

	private void check(String method, String template, HttpResponse<String> answer, int expectedStatus) {
		String where = method.toUpperCase() + " " + answer.uri() + " -> " + answer.statusCode();
		assertThat(answer.statusCode()).as(where + "\n" + answer.body()).isEqualTo(expectedStatus);
		JsonNode response = this.document.at("/paths/" + template.replace("/", "~1") + "/" + method + "/responses/"
				+ answer.statusCode());
		assertThat(response.isMissingNode()).as(where + ": status not in the description").isFalse();
		JsonNode content = response.path("content");
		if (expectedStatus == 204) {
			assertThat(content.isMissingNode() || content.isEmpty()).as(where).isTrue();
			assertThat(answer.body()).isEmpty();
			return;
		}
		String type = answer.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
		assertThat(content.has(type)).as(where + ": content type " + type + " not in " + content.propertyNames())
			.isTrue();
		JsonNode schema = content.get(type).get("schema");
		JsonNode body = type.endsWith("json") ? JSON.readTree(answer.body()) : JSON.getNodeFactory().stringNode(answer.body());
		assertThat(validate(schema, body, where)).isEmpty();
	}

	private List<String> validate(JsonNode schema, JsonNode instance, String where) {
		ObjectNode root = JSON.createObjectNode();
		root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
		root.set("$defs", this.document.get("components").get("schemas"));
		root.setAll((ObjectNode) schema.deepCopy());
		root.remove("example");
		root.remove("examples");
		// The validator resolves only JSON Schema locations; the document's components become $defs.
		root = (ObjectNode) JSON.readTree(JSON.writeValueAsString(root).replace("#/components/schemas/", "#/$defs/"));
		closeObjects(root);
		Schema compiled = REGISTRY.getSchema(root);
		List<Error> errors = compiled.validate(instance);
		return errors.stream().map((error) -> where + ": " + error.getMessage() + " in " + instance).toList();
	}

	/** A field the description does not name is drift too: objects with properties get no others. */
	private static void closeObjects(JsonNode node) {
		if (node instanceof ObjectNode object && object.has("properties") && !object.has("additionalProperties")) {
			object.put("additionalProperties", false);
		}
		node.forEach(ApiContractTests::closeObjects);
	}

	private HttpTestClient http() {
		return new HttpTestClient(this.port);
	}

}
