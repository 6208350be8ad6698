package io.eventcheckpoint.monitoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.CheckpointApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar logs one JSON object per line (Elastic Common Schema) when started with the one
 * property {@code logging.structured.format.console=ecs}, start-up line included.
 */
class StructuredLoggingIT {

	private static final JsonMapper json = new JsonMapper();

	@TempDir
	Path dir;

	private Process service;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.service != null) {
			this.service.destroy();
			if (!this.service.waitFor(30, TimeUnit.SECONDS)) {
				this.service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void oneSettingShouldTurnEveryLogLineIntoEcsJson() throws Exception {
		Path jar = Path.of(System.getProperty("checkpoint.jar", "target/checkpoint-service-0.1.0.jar"));
		assertThat(jar).as("packaged jar (run ./mvnw package first)").isRegularFile();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		this.service = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--server.port=0",
				"--checkpoint.file=" + this.dir.resolve("checkpoint.yml"), "--logging.structured.format.console=ecs")
			.redirectErrorStream(true)
			.start();
		List<String> lines = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> readLines(this.service, lines), "service-output");
		reader.setDaemon(true);
		reader.start();
		Awaitility.await("the service has started")
			.atMost(Duration.ofSeconds(120))
			.until(() -> lines.stream().anyMatch((line) -> line.contains("Started CheckpointApplication"))
					|| !this.service.isAlive());
		assertThat(lines).as("the service's output").anyMatch((line) -> line.contains("Started CheckpointApplication"));
		assertThat(lines).allSatisfy((line) -> {
			JsonNode entry = json.readTree(line);
			assertThat(entry.has("@timestamp")).as(line).isTrue();
			assertThat(entry.at("/log/level").asString()).as(line).isNotEmpty();
			assertThat(entry.path("message").asString()).as(line).isNotEmpty();
			assertThat(entry.at("/service/name").asString()).as(line).isEqualTo("checkpoint-service");
		});
		assertThat(lines.stream().map(json::readTree))
			.filteredOn((entry) -> entry.at("/log/logger").asString()
				.equals("io.eventcheckpoint.config.CheckpointConfiguration"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.path("message").asString())
				.startsWith("Loaded 0 event logs from file:" + this.dir.resolve("checkpoint.yml").toAbsolutePath())
				.contains("max-updates=100"));
	}

	private static void readLines(Process process, List<String> lines) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank()) {
					lines.add(line);
				}
			}
		}
		catch (IOException ex) {
			// The stream closes when the process is stopped.
		}
	}

}
