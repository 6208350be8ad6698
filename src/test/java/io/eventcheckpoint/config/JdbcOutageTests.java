package io.eventcheckpoint.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.zaxxer.hikari.HikariDataSource;
import io.eventcheckpoint.CheckpointApplication;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FlushBatch;
import io.eventcheckpoint.engine.FlushFailedException;
import io.eventcheckpoint.store.postgres.JdbcCheckpointStore;
import io.eventcheckpoint.store.postgres.JdbcStartupRetry;
import io.eventcheckpoint.support.HttpTestClient;
import io.eventcheckpoint.support.RequiredTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL outages: a database killed and restarted during writes loses no acknowledged write,
 * and the failure shows in the engine and in health; start-up waits for a database that is down.
 * <p>
 * Runs its own PostgreSQL container (Testcontainers, with the image from
 * {@code CHECKPOINT_TEST_POSTGRES_IMAGE}) on a fixed host port, so that the container can be
 * killed and started again under the same address.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcOutageTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2024-05-06T07:08:09.123456789+05:30");

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static PostgreSQLContainer postgres;

	private static DockerClient docker;

	@BeforeAll
	static void startDatabase() throws IOException {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			RequiredTools.unavailable("Docker is not available: the outage tests need a PostgreSQL container",
					null);
		}
		docker = DockerClientFactory.instance().client();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String image = System.getenv().getOrDefault("CHECKPOINT_TEST_POSTGRES_IMAGE", "postgres:15");
		postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
			// Keep fsync on (Testcontainers turns it off): the restart is a crash and must lose no commit.
			.withCommand("postgres")
			.withCreateContainerCmdModifier((command) -> command.getHostConfig()
				.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(5432))));
		postgres.start();
	}

	@AfterAll
	static void stopDatabase() {
		if (postgres != null) {
			postgres.stop();
		}
	}

	@BeforeEach
	void databaseRunning() {
		startContainer();
	}

	private static void killContainer() {
		docker.killContainerCmd(postgres.getContainerId()).exec();
		await().atMost(WAIT).until(() -> !Boolean.TRUE.equals(
				docker.inspectContainerCmd(postgres.getContainerId()).exec().getState().getRunning()));
	}

	private static void startContainer() {
		if (!Boolean.TRUE.equals(docker.inspectContainerCmd(postgres.getContainerId()).exec().getState().getRunning())) {
			docker.startContainerCmd(postgres.getContainerId()).exec();
		}
		await().atMost(WAIT).ignoreExceptions().until(() -> {
			try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
					postgres.getPassword())) {
				return connection.isValid(5);
			}
		});
	}

	private static ConfigurableApplicationContext startReplica() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("checkpoint.store", "jdbc");
		properties.put("spring.datasource.url", postgres.getJdbcUrl());
		properties.put("spring.datasource.username", postgres.getUsername());
		properties.put("spring.datasource.password", postgres.getPassword());
		properties.put("spring.datasource.hikari.connection-timeout", "2000");
		properties.put("server.port", "0");
		properties.put("checkpoint.flush-interval", "1s");
		properties.put("checkpoint.jdbc.refresh-interval", "200ms");
		properties.put("checkpoint.jdbc.network-timeout", "5s");
		properties.put("checkpoint.jdbc.startup-timeout", "3m");
		properties.put("checkpoint.health.max-consecutive-failures", "2");
		return new SpringApplicationBuilder(CheckpointApplication.class).properties(properties).run();
	}

	private static JdbcCheckpointStore store(HikariDataSource dataSource) {
		return new JdbcCheckpointStore(dataSource, postgres.getJdbcUrl(), Duration.ofSeconds(10),
				JdbcStartupRetry.none(postgres.getJdbcUrl()));
	}

	private static HikariDataSource dataSource() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl());
		dataSource.setUsername(postgres.getUsername());
		dataSource.setPassword(postgres.getPassword());
		return dataSource;
	}

	private HttpResponse<String> health(ConfigurableApplicationContext replica) {
		return health(replica, "/actuator/health");
	}

	private HttpResponse<String> health(ConfigurableApplicationContext replica, String path) {
		return new HttpTestClient(((WebServerApplicationContext) replica).getWebServer().getPort()).get(path);
	}

	@Test
	void databaseRestartDuringWritesShouldLoseNoAcknowledgedWriteAndShowTheOutage() throws Exception {
		try (ConfigurableApplicationContext replica = startReplica()) {
			CheckpointEngine engine = replica.getBean(CheckpointEngine.class);
			Map<String, Long> acknowledged = new ConcurrentHashMap<>();
			AtomicInteger acknowledgements = new AtomicInteger();
			AtomicInteger refused = new AtomicInteger();
			AtomicBoolean writing = new AtomicBoolean(true);
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				for (long i = 1; writing.get(); i++) {
					String name = "durable-" + (i % 10);
					engine.persist(name, i, TIME);
					// Writes without durable=true: accepted in memory, flushed when the database is back.
					engine.persist("batched-" + (i % 50), i, TIME);
					try {
						engine.flush(Duration.ofSeconds(2));
						long recordNumber = i;
						acknowledged.merge(name, recordNumber, Math::max);
						acknowledgements.incrementAndGet();
					}
					catch (FlushFailedException ex) {
						refused.incrementAndGet();
					}
				}
			});
			await().atMost(WAIT).until(() -> acknowledgements.get() >= 20);
			assertThat(health(replica).statusCode()).isEqualTo(200);

			killContainer();
			await().atMost(WAIT).until(() -> engine.consecutiveFailures() > 0 && refused.get() > 0);
			assertThat(engine.lastFailure()).isNotNull();
			// Writes stay in memory while the database is away.
			await().atMost(WAIT).until(() -> engine.pendingUpdates() > 0);
			HttpResponse<String> down = health(replica);
			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.body()).contains("DOWN");
			// Readiness follows the store's indicator (checkpoint.health.max-consecutive-failures).
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(health(replica, "/actuator/health/readiness").statusCode()).isEqualTo(503));
			assertThat(health(replica, "/actuator/health/liveness").statusCode()).isEqualTo(200);

			startContainer();
			int atRestart = acknowledgements.get();
			await().atMost(WAIT).until(() -> engine.consecutiveFailures() == 0 && acknowledgements.get() > atRestart + 20);
			assertThat(engine.lastFailure()).isNull();
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(health(replica).statusCode()).isEqualTo(200);
				assertThat(health(replica, "/actuator/health/readiness").statusCode()).isEqualTo(200);
			});
			writing.set(false);
			writer.get(1, TimeUnit.MINUTES);
			engine.flush(Duration.ofSeconds(30));

			try (HikariDataSource dataSource = dataSource()) {
				Map<String, EventLogState> stored = new HashMap<>();
				store(dataSource).load().states().forEach((state) -> stored.put(state.name(), state));
				acknowledged.forEach((name, recordNumber) -> assertThat(stored.get(name).recordNumber()).as(name)
					.isGreaterThanOrEqualTo(recordNumber));
				// Everything accepted, durable or not, is in the database once it is back.
				assertThat(stored).isEqualTo(engine.states());
			}
		}
	}

	@Test
	void startupWhileTheDatabaseIsDownShouldRetryAndStartOnceItIsBack(CapturedOutput output) throws Exception {
		try (HikariDataSource dataSource = dataSource()) {
			org.flywaydb.core.Flyway.configure().dataSource(dataSource).load().migrate();
			store(dataSource).save(new FlushBatch(null,
					List.of(new FlushBatch.Change("before-outage", new EventLogState("before-outage", 42, TIME),
							Instant.now())),
					List::of));
		}
		killContainer();
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture
			.supplyAsync(JdbcOutageTests::startReplica);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(output.getAll()).containsPattern(
					"PostgreSQL at jdbc:postgresql://localhost:\\d+/test not reachable, retrying in \\d+s \\(attempt \\d+\\)"));
		assertThat(starting).isNotDone();
		startContainer();
		try (ConfigurableApplicationContext replica = starting.get(3, TimeUnit.MINUTES)) {
			assertThat(replica.getBean(CheckpointEngine.class).state("before-outage").recordNumber()).isEqualTo(42);
		}
	}

}
