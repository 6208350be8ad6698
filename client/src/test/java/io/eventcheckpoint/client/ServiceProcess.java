package io.eventcheckpoint.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real service jar, run as a separate process the tests can stop and start again on the same
 * port and data directory.
 */
final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path dataDir;

	private final int port;

	private final List<String> arguments;

	private final Path log;

	private Process process;

	private ServiceProcess(Path dataDir, int port, List<String> arguments) throws IOException {
		this.dataDir = dataDir;
		this.port = port;
		this.arguments = arguments;
		this.log = Files.createTempFile("checkpoint-service", ".log");
	}

	static ServiceProcess start(Path dataDir, String... arguments) throws IOException {
		ServiceProcess service = new ServiceProcess(dataDir, freePort(), List.of(arguments));
		service.start();
		return service;
	}

	void start() throws IOException {
		String jar = System.getProperty("checkpoint.jar");
		assertThat(jar).as("system property checkpoint.jar (set in client/pom.xml)").isNotNull();
		assertThat(Path.of(jar)).as("the service jar; build it first with ./mvnw -B verify").exists();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-jar", jar, "--server.port=" + this.port,
				"--checkpoint.file=" + this.dataDir.resolve("checkpoint.yml")));
		command.addAll(this.arguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("service alive; log:\n%s", output()).isTrue();
			return get("/actuator/health/readiness").statusCode() == 200;
		});
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** SIGTERM: the service drains requests and runs its final flush. */
	void terminate() throws InterruptedException {
		this.process.destroy();
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("exit after SIGTERM").isTrue();
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * How many requests the service answered, from its Prometheus metrics.
	 * @param method the HTTP method
	 * @param status the status code
	 * @return the count for {@code uri="/logs"}
	 */
	long requests(String method, int status) throws IOException, InterruptedException {
		Pattern line = Pattern.compile("^http_server_requests_seconds_count\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = line.matcher(get("/actuator/prometheus").body());
		long count = 0;
		while (matcher.find()) {
			String labels = matcher.group(1);
			if (labels.contains("method=\"" + method + "\"") && labels.contains("status=\"" + status + "\"")
					&& labels.contains("uri=\"/logs\"")) {
				count += (long) Double.parseDouble(matcher.group(2));
			}
		}
		return count;
	}

	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws IOException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
		Files.deleteIfExists(this.log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
