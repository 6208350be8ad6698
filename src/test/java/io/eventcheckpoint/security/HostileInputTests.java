package io.eventcheckpoint.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.security.HostileRequests.Caller;
import io.eventcheckpoint.security.HostileRequests.Request;
import io.eventcheckpoint.support.RawHttp;
import io.eventcheckpoint.support.RawHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based hostile-input tests: thousands of generated requests (seeded, so a failure can be
 * replayed with {@code -Dcheckpoint.hostile.seed=<seed>}) against a running server with tokens.
 * Whatever a request holds, the answer is never a 5xx, a refused request changes nothing, a
 * successful one changes only names its token may write, and no answer shows a secret, a file path
 * or an exception.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTests extends SecuredServer {

	private static final long SEED = Long.getLong("checkpoint.hostile.seed", 20261125L);

	private static final int CASES = Integer.getInteger("checkpoint.hostile.cases", 3000);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> LEAKS = List.of("Exception", "exception", "at java.", "at org.", "at io.",
			".java:", "tools.jackson", "org.springframework", "org.apache", "/tmp/", "/work/", "target/security-tests",
			"checkpoint.yml");

	private static final Set<String> OPEN_PATHS = Set.of("/actuator/health", "/actuator/health/liveness",
			"/actuator/info", "/v3/api-docs", "/swagger-ui/index.html");

	@Test
	void generatedHostileRequestsShouldNeverFailLeakOrChangeStateWhenRefused(CapturedOutput output) {
		System.out.println("HostileInputTests: seed=" + SEED + ", cases=" + CASES
				+ " (replay with -Dcheckpoint.hostile.seed=" + SEED + ")");
		HostileRequests generator = new HostileRequests(new Random(SEED));
		List<String> failures = new ArrayList<>();
		Map<Integer, Integer> statuses = new TreeMap<>();
		int tomcatPages = 0;
		int writes = 0;
		for (int i = 0; i < CASES && failures.size() < 10; i++) {
			Request request = generator.next();
			Map<String, EventLogState> before = this.checkpoints.states();
			Response response = RawHttp.exchange(this.port, request.bytes());
			Map<String, EventLogState> after = this.checkpoints.states();
			statuses.merge(response.status(), 1, Integer::sum);
			if (isTomcatPage(response)) {
				tomcatPages++;
			}
			if (!after.equals(before)) {
				writes++;
			}
			String problem = check(request, response, before, after);
			if (problem != null) {
				failures.add("case " + i + " of seed " + SEED + ": " + problem + "\n    request:  " + request
						+ "\n    response: " + abbreviate(response.raw()));
			}
		}
		System.out.println("HostileInputTests: statuses " + statuses + ", " + writes + " changed state, "
				+ tomcatPages + " answered by Tomcat before the application");
		assertThat(failures).as(String.join("\n", failures)).isEmpty();
		// The generator reaches every kind of answer, not only the first refusal.
		assertThat(statuses).containsKeys(200, 400, 401, 403, 404);
		assertThat(writes).as("successful writes").isGreaterThan(50);
		// The service's log lines (not this test's own messages, which show the requests).
		String serviceLog = output.getAll()
			.lines()
			.filter((line) -> line.contains(" --- [checkpoint-service] "))
			.collect(Collectors.joining("\n"));
		assertThat(serviceLog).doesNotContain(SECRETS).doesNotContain("Unexpected error while handling a request");
		for (HttpTestClientCaller scoped : List.of(new HttpTestClientCaller(COLLECTOR_A),
				new HttpTestClientCaller(READER_A))) {
			JsonNode listed = JSON.readTree(as(scoped.secret()).get("/logs").body());
			listed.get("event_logs")
				.forEach((state) -> assertThat(state.get("name").stringValue()).startsWith("host-a/"));
		}
	}

	private static String check(Request request, Response response, Map<String, EventLogState> before,
			Map<String, EventLogState> after) {
		int status = response.status();
		if (status == -1) {
			return request.garbage() ? null : "no answer";
		}
		if (status == 0 && !request.garbage() && !request.target().contains("\n")) {
			return "HTTP/0.9 answer to an HTTP/1.1 request";
		}
		if (status >= 500 && !isProtocolRefusal(request, response)) {
			return "server error " + status;
		}
		for (String secret : SECRETS) {
			if (response.raw().contains(secret) || response.body().contains(secret)) {
				return "answer shows a secret";
			}
		}
		boolean success = status >= 200 && status < 300;
		// Listings echo stored names, and metrics and API docs name exceptions by design.
		if (!success || (request.target().startsWith("/logs/") && !request.isListing())) {
			for (String leak : LEAKS) {
				if (response.body().contains(leak) && !(success && request.target().contains(leak))) {
					return "answer shows internals: " + leak;
				}
			}
		}
		Set<String> changed = changedNames(before, after);
		if (!success) {
			if (!changed.isEmpty()) {
				return "refused request changed " + changed;
			}
			if (status == 401 && (response.header("WWW-Authenticate") == null
					|| !response.header("WWW-Authenticate").startsWith("Bearer"))) {
				return "401 without a Bearer challenge";
			}
			String type = response.header("Content-Type");
			boolean problem = type != null && type.startsWith("application/problem+json");
			// A client that refuses JSON (Accept) or asks with HEAD gets the status without a body.
			boolean bodiless = response.body().isEmpty()
					&& (request.method().equals("HEAD") || request.sends("Accept"));
			if (status >= 400 && !problem && !bodiless && !isTomcatPage(response)) {
				return "error answer is not problem details: " + type;
			}
			return null;
		}
		Caller caller = request.caller();
		if (!caller.authenticated() && !OPEN_PATHS.contains(request.target())) {
			return "success without a valid token";
		}
		if (!changed.isEmpty() && !caller.writes) {
			return "token without write role changed " + changed;
		}
		for (String name : changed) {
			if (caller.prefix != null && !name.startsWith(caller.prefix)) {
				return "scoped token changed a name outside its prefix: " + name;
			}
		}
		if (request.isListing() && caller.prefix != null && response.body().startsWith("{")) {
			for (JsonNode state : JSON.readTree(response.body()).get("event_logs")) {
				if (!state.get("name").stringValue().startsWith(caller.prefix)) {
					return "scoped token listed a name outside its prefix";
				}
			}
		}
		return null;
	}

	private static Set<String> changedNames(Map<String, EventLogState> before, Map<String, EventLogState> after) {
		Set<String> changed = new HashSet<>();
		before.forEach((name, state) -> {
			if (!state.equals(after.get(name))) {
				changed.add(name);
			}
		});
		after.keySet().stream().filter((name) -> !before.containsKey(name)).forEach(changed::add);
		return changed;
	}

	/**
	 * Tomcat answers CONNECT or an unknown {@code Transfer-Encoding} with 501 Not Implemented and a
	 * request line of another HTTP version (such as {@code HTTP/2} without an upgrade) with 505, as
	 * RFC 9112 asks, before any application code runs. They say "this server does not speak that
	 * protocol", not that it failed, and change nothing.
	 */
	private static boolean isProtocolRefusal(Request request, Response response) {
		return (response.status() == 501 || response.status() == 505) && isTomcatPage(response);
	}

	/** Tomcat refuses some malformed requests before any filter runs, with its own short page. */
	private static boolean isTomcatPage(Response response) {
		String type = response.header("Content-Type");
		return response.status() == 400 || response.status() == 405 || response.status() == 501
				|| response.status() == 505
				? type == null || (type.startsWith("text/html") && response.body().contains("HTTP Status "))
				: false;
	}

	private static String abbreviate(String text) {
		return (text.length() > 800) ? text.substring(0, 800) + "..." : text;
	}

	private record HttpTestClientCaller(String secret) {
	}

}
