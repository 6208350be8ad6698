package io.eventcheckpoint.deploy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.eventcheckpoint.support.HttpTestClient;
import io.eventcheckpoint.support.RequiredTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of the container image built from the repository's Dockerfile: the SIGTERM flush
 * of {@code docker stop}, positions kept on the volume across containers, and a non-root process.
 * <p>
 * The base image comes from {@code CHECKPOINT_TEST_JRE_IMAGE} (CI passes a JRE image built locally
 * because it cannot pull). Without Docker the test is skipped, unless {@code checkpoint.require-infra}
 * or {@code CHECKPOINT_REQUIRE_INFRA} is true, then it fails.
 */
class ContainerImageIT {

	private static final String CHECKPOINT_FILE = "/data/checkpoint.yml";

	private static final String MAX_UINT64 = "18446744073709551615";

	private static final String TOKEN = UUID.randomUUID().toString();

	/** Positions with the extremes a collector can send: the largest record number and nanoseconds. */
	private static final Map<String, Position> POSITIONS = positions();

	private static final JsonMapper JSON = new JsonMapper();

	private static ImageFromDockerfile image;

	@BeforeAll
	static void buildImage() {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			RequiredTools.unavailable("Docker is not available: the container image test needs a Docker engine", null);
		}
		Path jar = packagedJar();
		String baseImage = System.getenv().getOrDefault("CHECKPOINT_TEST_JRE_IMAGE", "eclipse-temurin:17-jre");
		image = new ImageFromDockerfile("checkpoint-service-it", true)
			.withFileFromPath("Dockerfile", Path.of("Dockerfile"))
			.withFileFromPath(".dockerignore", Path.of(".dockerignore"))
			.withFileFromPath("target/" + jar.getFileName(), jar)
			.withBuildArg("BASE_IMAGE", baseImage);
	}

	private static Path packagedJar() {
		String property = System.getProperty("checkpoint.jar");
		Path jar = (property != null) ? Path.of(property) : Path.of("target/checkpoint-service-0.1.0.jar");
		assertThat(jar).as("packaged jar (run ./mvnw package first)").isRegularFile();
		return jar;
	}

	@Test
	void imageShouldRunTheJvmAsNonRootPidOneWithAnExecFormEntrypoint(@TempDir Path data) throws Exception {
		try (GenericContainer<?> container = startContainer(data)) {
			InspectImageResponse inspected = container.getDockerClient()
				.inspectImageCmd(container.getDockerImageName())
				.exec();
			assertThat(inspected.getConfig().getUser()).isEqualTo("10001:10001");
			assertThat(inspected.getConfig().getEntrypoint()).containsExactly("java", "-jar", "/app/app.jar");
			assertThat(inspected.getConfig().getEnv()).contains("CHECKPOINT_FILE=" + CHECKPOINT_FILE);

			assertThat(exec(container, "cat", "/proc/1/comm").strip()).as("PID 1 receives SIGTERM").isEqualTo("java");
			String uidLine = exec(container, "grep", "^Uid:", "/proc/1/status");
			List<String> uids = List.of(uidLine.replace("Uid:", "").strip().split("\\s+"));
			assertThat(uids).as("real, effective, saved and filesystem uid of PID 1").containsOnly("10001");
			assertThat(exec(container, "id", "-u").strip()).isNotEqualTo("0");
		}
	}

	@Test
	void imageShouldFlushPositionsOnDockerStopAndReadThemBackInANewContainer(@TempDir Path data) throws Exception {
		Path checkpointFile = data.resolve("checkpoint.yml");
		try (GenericContainer<?> first = startContainer(data)) {
			for (Map.Entry<String, Position> entry : POSITIONS.entrySet()) {
				HttpResponse<String> response = put(first, entry.getKey(), entry.getValue());
				assertThat(response.statusCode()).as("PUT %s: %s", entry.getKey(), response.body()).isEqualTo(200);
			}
			String beforeStop = first.execInContainer("sh", "-c", "cat " + CHECKPOINT_FILE + " 2>/dev/null || true")
				.getStdout();
			assertThat(beforeStop).as("nothing flushed before docker stop")
				.doesNotContain("Security", "Application", "System", "Sysmon");

			InspectContainerResponse.ContainerState state = stopWithSigterm(first);
			assertThat(state.getOOMKilled()).isFalse();
			assertThat(state.getExitCodeLong()).as("exit code after SIGTERM (137 would mean SIGKILL)").isIn(0L, 143L);

			assertThat(Files.exists(checkpointFile)).as("%s on the volume", checkpointFile).isTrue();
			// Read through Docker: the service writes the file with mode 0600 as uid 10001, which a
			// developer's own user could not read from the host directory.
			String flushedFile = first.copyFileFromContainer(CHECKPOINT_FILE,
					(in) -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
			assertThat(positionsIn(new YAMLMapper().readTree(flushedFile))).as("positions in the file:%n%s", flushedFile)
				.isEqualTo(POSITIONS);
		}

		try (GenericContainer<?> second = startContainer(data)) {
			JsonNode all = getJson(second, "/logs");
			assertThat(positionsIn(all)).as("GET /logs from a new container").isEqualTo(POSITIONS);
			JsonNode security = getJson(second, "/logs/Security");
			assertThat(security.path("record_number").asString()).isEqualTo(MAX_UINT64);
			assertThat(Instant.parse(security.path("timestamp").asString()))
				.isEqualTo(POSITIONS.get("Security").timestamp());
		}
	}

	private static GenericContainer<?> startContainer(Path data) throws IOException {
		// The service runs as uid 10001, which owns nothing on the host.
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
		GenericContainer<?> container = new GenericContainer<>(image).withExposedPorts(8080)
			// A bind set on the create command: withFileSystemBind first checks that mounts work by
			// starting a helper image, which cannot be pulled where no registry is reachable.
			.withCreateContainerCmdModifier((create) -> create.getHostConfig()
				.withBinds(new Bind(data.toString(), new Volume("/data"), AccessMode.rw)))
			// Only the final flush on SIGTERM may write the positions of this test.
			.withEnv("CHECKPOINT_FLUSH_INTERVAL", "1h")
			.withEnv("CHECKPOINT_MAX_UPDATES", "100000")
			.withEnv("CHECKPOINT_SECURITY_TOKENS_0_NAME", "it")
			.withEnv("CHECKPOINT_SECURITY_TOKENS_0_SECRET", TOKEN)
			.withEnv("CHECKPOINT_SECURITY_TOKENS_0_ROLE", "write")
			.withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger(ContainerImageIT.class)))
			.waitingFor(Wait.forHttp("/actuator/health/readiness")
				.forStatusCode(200)
				.forResponsePredicate((body) -> body.contains("\"UP\""))
				.withStartupTimeout(Duration.ofMinutes(3)));
		container.start();
		return container;
	}

	/**
	 * Stops the container as {@code docker stop} does: SIGTERM, then SIGKILL after 30 seconds.
	 */
	private static InspectContainerResponse.ContainerState stopWithSigterm(GenericContainer<?> container) {
		container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
		return container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec().getState();
	}

	private static HttpResponse<String> put(GenericContainer<?> container, String name, Position position) {
		String body = "{\"record_number\": " + position.recordNumber() + ", \"timestamp\": \"" + position.timestamp()
				+ "\"}";
		return http(container).put("/logs/" + name, body);
	}

	private static JsonNode getJson(GenericContainer<?> container, String path) {
		HttpResponse<String> response = http(container).get(path, "Accept", "application/json");
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static HttpTestClient http(GenericContainer<?> container) {
		return new HttpTestClient("http://" + container.getHost() + ":" + container.getMappedPort(8080)).withToken(TOKEN);
	}

	private static String exec(GenericContainer<?> container, String... command) throws Exception {
		ExecResult result = container.execInContainer(command);
		assertThat(result.getExitCode()).as("%s: %s", String.join(" ", command), result.getStderr()).isZero();
		return result.getStdout();
	}

	/**
	 * Positions in the service's document shape, shared by GET /logs and the checkpoint file:
	 * {@code event_logs: [{name, record_number, timestamp}]}.
	 */
	private static Map<String, Position> positionsIn(JsonNode document) {
		Map<String, Position> positions = new LinkedHashMap<>();
		for (JsonNode log : document.path("event_logs")) {
			positions.put(log.path("name").asString(), new Position(log.path("record_number").asString(),
					Instant.parse(log.path("timestamp").asString())));
		}
		return positions;
	}

	private static Map<String, Position> positions() {
		Map<String, Position> positions = new LinkedHashMap<>();
		positions.put("Security", new Position(MAX_UINT64, Instant.parse("2026-11-24T10:00:00.123456789Z")));
		positions.put("Application", new Position("42", Instant.parse("2026-11-24T10:00:01.000000001Z")));
		positions.put("System", new Position("9223372036854775808", Instant.parse("2026-11-24T10:00:02.999999999Z")));
		positions.put("host-a/Microsoft-Windows-Sysmon/Operational",
				new Position("0", Instant.parse("2026-11-24T10:00:03.5Z")));
		return positions;
	}

	/**
	 * A position as the test compares it: the record number as its decimal text (it may exceed a
	 * long) and the timestamp as an instant (the service may format it differently).
	 */
	private record Position(String recordNumber, Instant timestamp) {
	}

}
