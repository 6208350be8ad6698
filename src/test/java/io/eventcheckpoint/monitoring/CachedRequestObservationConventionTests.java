package io.eventcheckpoint.monitoring;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class CachedRequestObservationConventionTests {

	private final DefaultServerRequestObservationConvention spring = new DefaultServerRequestObservationConvention();

	private final CachedRequestObservationConvention cached = new CachedRequestObservationConvention(
			"http.server.requests");

	@Test
	void tagsShouldBeSpringsForEveryCombinationAndEveryTimeItIsSeen() {
		List<ServerRequestObservationContext> contexts = new ArrayList<>();
		for (String method : List.of("PUT", "GET", "POST", "DELETE", "FOO")) {
			for (int status : List.of(200, 204, 301, 400, 404, 412, 500, 503)) {
				for (String pattern : new String[] { "/logs/{*name}", "/logs", "", null }) {
					for (Throwable error : new Throwable[] { null, new IllegalStateException(),
							new ResponseStatusException(HttpStatus.CONFLICT) }) {
						contexts.add(context(method, status, pattern, error));
					}
				}
			}
		}
		for (int round = 0; round < 2; round++) {
			for (ServerRequestObservationContext context : contexts) {
				assertThat(this.cached.getLowCardinalityKeyValues(context)).as(describe(context))
					.containsExactlyElementsOf(this.spring.getLowCardinalityKeyValues(context));
			}
		}
		assertThat(this.cached.getName()).isEqualTo(this.spring.getName());
	}

	@Test
	void aStatusSetAfterTheStartShouldChangeTheTags() {
		ServerRequestObservationContext context = context("PUT", 200, "/logs/{*name}", null);
		assertThat(this.cached.getLowCardinalityKeyValues(context)).contains(
				KeyValue.of("status", "200"));
		context.getResponse().setStatus(412);
		assertThat(this.cached.getLowCardinalityKeyValues(context)).contains(
				KeyValue.of("status", "412"), KeyValue.of("outcome",
						"CLIENT_ERROR"));
	}

	@Test
	void theFullUrlShouldNotBeRecorded() {
		assertThat(this.cached.getHighCardinalityKeyValues(context("GET", 200, "/logs", null))).isEmpty();
	}

	private static ServerRequestObservationContext context(String method, int status, String pattern,
			Throwable error) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/logs/host-a/Security");
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(status);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
		context.setPathPattern(pattern);
		context.setError(error);
		return context;
	}

	private static String describe(ServerRequestObservationContext context) {
		return context.getCarrier().getMethod() + " " + context.getResponse().getStatus() + " "
				+ context.getPathPattern() + " " + context.getError();
	}

}
