package io.eventcheckpoint.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * Describes the API for {@code /v3/api-docs} and Swagger UI.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI checkpointOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Checkpoint service")
				.version("0.1.0")
				.description("Remembers, for every event log a fleet of collectors reads, the last record read "
						+ "(record number and timestamp), so a collector resumes where it stopped. Errors are RFC "
						+ "9457 problem details (application/problem+json).")
				.license(new License().name("Apache License 2.0").identifier("Apache-2.0")));
	}

	/**
	 * Every 4xx and 5xx answer is RFC 9457 problem details, and only those are: one place instead
	 * of a content annotation on each error response.
	 */
	@Bean
	OpenApiCustomizer problemResponsesCustomizer() {
		return (openApi) -> {
			// Added here, not on the OpenAPI bean: springdoc rebuilds components and dropped it there.
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas("Problem", problemSchema()).addSchemas("FieldError", fieldErrorSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().values().forEach((item) -> item.readOperations().forEach((operation) -> {
				if (operation.getResponses() == null) {
					return;
				}
				operation.getResponses().forEach((code, response) -> {
					if (code.startsWith("4") || code.startsWith("5")) {
						response.content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
								new io.swagger.v3.oas.models.media.MediaType()
									.schema(new Schema<>().$ref("#/components/schemas/Problem"))));
					}
				});
			}));
		};
	}

	/**
	 * Spring matches names with {@code /} through a capture-the-rest variable, {@code {*name}};
	 * OpenAPI knows only {@code {name}}, so the paths are renamed and the parameter explained.
	 */
	@Bean
	OpenApiCustomizer captureTheRestPathCustomizer() {
		return (openApi) -> {
			Paths paths = openApi.getPaths();
			if (paths == null) {
				return;
			}
			Map<String, PathItem> renamed = new LinkedHashMap<>();
			paths.forEach((path, item) -> {
				renamed.put(path.replace("{*name}", "{name}"), item);
				item.readOperations().forEach((operation) -> {
					if (operation.getParameters() != null) {
						for (Parameter parameter : operation.getParameters()) {
							if ("name".equals(parameter.getName()) && "path".equals(parameter.getIn())) {
								parameter.description("Event-log name, 1 to 1024 characters without control "
										+ "characters. May contain '/' (raw or as %2F), spaces and any Unicode, "
										+ "percent-encoded.")
									.example("Microsoft-Windows-Sysmon/Operational")
									.schema(new StringSchema().maxLength(1024));
							}
						}
					}
				});
			});
			paths.clear();
			renamed.forEach(paths::addPathItem);
		};
	}

	private static ObjectSchema problemSchema() {
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details");
		problem.addProperty("type", new StringSchema().description("Problem type URI").example("about:blank"));
		problem.addProperty("title", new StringSchema().description("Short summary").example("Invalid request"));
		problem.addProperty("status", new IntegerSchema().description("HTTP status").example(400));
		problem.addProperty("detail", new StringSchema().description("What is wrong, for a person")
			.example("record_number: must be at most 18446744073709551615"));
		problem.addProperty("instance", new StringSchema().description("The request path"));
		problem.addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema()
			.items(new Schema<>().$ref("#/components/schemas/FieldError"))
			.description("Every offending field (400 and 403)"));
		return problem;
	}

	private static ObjectSchema fieldErrorSchema() {
		ObjectSchema error = new ObjectSchema();
		error.description("One offending field of a request");
		error.addProperty("field", new StringSchema().description("JSON path of the field")
			.example("event_logs[2].record_number"));
		error.addProperty("message", new StringSchema().description("What is wrong with it")
			.example("must not be negative (0 to 18446744073709551615)"));
		return error;
	}

}
