package io.eventcheckpoint.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.support.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service jar, run as a separate process that tests can kill.
 */
final class JarProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private JarProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	static Path jar() {
		String jar = System.getProperty("checkpoint.jar");
		assertThat(jar).as("system property checkpoint.jar (set by failsafe)").isNotNull();
		assertThat(Path.of(jar)).exists();
		return Path.of(jar);
	}

	/**
	 * Start the jar and wait until it is ready.
	 * @param dataDir directory of the checkpoint file
	 * @param arguments extra {@code --property=value} arguments
	 * @return the running process
	 */
	static JarProcess start(Path dataDir, String... arguments) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
				"-Xshare:auto", "-jar", jar().toString(), "--server.port=" + port,
				"--checkpoint.file=" + dataDir.resolve("checkpoint.yml")));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile("checkpoint-jar", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		JarProcess jar = new JarProcess(process, port, log);
		HttpTestClient http = jar.http();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(process.isAlive()).as("process alive; log:\n%s", jar.output()).isTrue();
			HttpResponse<String> response = http.get("/actuator/health/readiness");
			return response.statusCode() == 200;
		});
		return jar;
	}

	HttpTestClient http() {
		return new HttpTestClient(this.port);
	}

	/** SIGKILL: no shutdown hook, no final flush. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
	}

	/** SIGTERM: graceful shutdown and the final flush. */
	int terminate() throws InterruptedException {
		this.process.destroy();
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("exit after SIGTERM").isTrue();
		return this.process.exitValue();
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
		if (this.process.isAlive()) {
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
