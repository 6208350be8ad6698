package io.eventcheckpoint.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Describes bearer authentication in {@code /v3/api-docs}: the scheme (so Swagger UI offers
 * "Authorize") and the 401 and 403 answers of every {@code /logs} operation.
 */
@Component
class SecurityOpenApiCustomizer implements OpenApiCustomizer {

	static final String SCHEME = "bearerAuth";

	@Override
	public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents()
			.addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.description("A token from checkpoint.security.tokens. Not needed when the service runs open "
						+ "(no token configured)."));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			if (!path.equals("/logs") && !path.startsWith("/logs/")) {
				return;
			}
			item.readOperations().forEach((operation) -> {
				operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
				operation.getResponses()
					.addApiResponse("401", problem("No bearer token, or one that is not valid"))
					.addApiResponse("403", problem("The token's role does not allow this request, or the name is "
							+ "outside the token's prefix"));
			});
		});
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
	}

}
