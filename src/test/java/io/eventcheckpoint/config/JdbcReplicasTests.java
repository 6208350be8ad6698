package io.eventcheckpoint.config;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.support.TickingClock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.CheckpointApplication;
import io.eventcheckpoint.support.PostgresTestDatabase;
import io.eventcheckpoint.support.HttpTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas (two application contexts, each with its own web server) on one PostgreSQL
 * database: what one flushes, the other reads; concurrent writes to the same names end with the
 * write received last, on both replicas and in the database.
 * <p>
 * Both replicas read one {@link TickingClock}, so receive times order every write of the test.
 * Flushes happen only when a test asks for them (flush interval of an hour, no update bound), so
 * each test decides which replica flushes first.
 */
class JdbcReplicasTests {

	private static final OffsetDateTime TIME = OffsetDateTime.parse("2024-05-06T07:08:09.123456789+05:30");

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final TickingClock clock = new TickingClock();

	private static PostgresTestDatabase database;

	private static ConfigurableApplicationContext replicaA;

	private static ConfigurableApplicationContext replicaB;

	@BeforeAll
	static void startTwoReplicas() {
		database = PostgresTestDatabase.create();
		replicaA = start();
		replicaB = start();
	}

	static ConfigurableApplicationContext start() {
		Map<String, Object> properties = new HashMap<>(database.properties());
		properties.put("server.port", "0");
		properties.put("checkpoint.flush-interval", "1h");
		properties.put("checkpoint.max-updates", "1000000");
		properties.put("checkpoint.jdbc.refresh-interval", "100ms");
		return new SpringApplicationBuilder(CheckpointApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", clock))
			.properties(properties)
			.run();
	}

	@AfterAll
	static void stopReplicas() throws Exception {
		for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] { replicaA, replicaB }) {
			if (replica != null) {
				replica.close();
			}
		}
		if (database != null) {
			database.close();
		}
	}

	private static CheckpointEngine engine(ConfigurableApplicationContext replica) {
		return replica.getBean(CheckpointEngine.class);
	}

	private static String unique(String name) {
		return name + "-" + System.nanoTime();
	}

	private static Map<String, EventLogState> inDatabase() throws Exception {
		Map<String, EventLogState> states = new HashMap<>();
		database.store().load().states().forEach((state) -> states.put(state.name(), state));
		return states;
	}

	@Test
	void writeThroughOneReplicaShouldBeReadThroughTheOtherAfterItsFlush() {
		String name = unique("Application");
		EventLogState state = new EventLogState(name, -1L, TIME, "<BookmarkList/>");
		engine(replicaA).persist(state);
		engine(replicaA).flush(WAIT);
		await().atMost(WAIT).untilAsserted(() -> assertThat(engine(replicaB).state(name)).isEqualTo(state));
		assertThat(engine(replicaB).pendingUpdates()).isZero();
		engine(replicaB).persist(name, 7, TIME);
		engine(replicaB).flush(WAIT);
		await().atMost(WAIT).untilAsserted(() -> assertThat(engine(replicaA).state(name).recordNumber()).isEqualTo(7));
	}

	@Test
	void durableWritesOverHttpThroughOneReplicaShouldBeReadOverHttpThroughTheOther() {
		String name = unique("Microsoft-Windows-Sysmon/Operational");
		String path = "/logs/" + name;
		HttpResponse<String> put = http(replicaA).put(path + "?durable=true",
				"{\"record_number\": 18446744073709551615, \"timestamp\": \"2026-11-24T10:00:00.123456789+05:30\", "
						+ "\"bookmark\": \"<BookmarkList/>\"}");
		assertThat(put.statusCode()).isEqualTo(200);
		await().atMost(WAIT).untilAsserted(() -> {
			HttpResponse<String> get = http(replicaB).get(path);
			assertThat(get.statusCode()).isEqualTo(200);
			// Versions are each replica's own until the database decides them (docs/security.md).
			assertThat(withoutVersion(get.body())).isEqualTo(withoutVersion(put.body()))
				.contains("\"record_number\":\"18446744073709551615\"")
				.contains("\"timestamp\":\"2026-11-24T10:00:00.123456789+05:30\"");
		});
		assertThat(http(replicaB).delete(path + "?durable=true").statusCode()).isBetween(200, 204);
		await().atMost(WAIT).untilAsserted(() -> assertThat(http(replicaA).get(path).statusCode()).isEqualTo(404));
	}

	private static HttpTestClient http(ConfigurableApplicationContext replica) {
		return new HttpTestClient(((WebServerApplicationContext) replica).getWebServer().getPort());
	}

	@Test
	void deleteThroughOneReplicaShouldRemoveTheLogFromTheOther() {
		String name = unique("Security");
		engine(replicaA).persist(name, 1, TIME);
		engine(replicaA).flush(WAIT);
		await().atMost(WAIT).until(() -> engine(replicaB).state(name) != null);
		engine(replicaB).delete(name);
		engine(replicaB).flush(WAIT);
		await().atMost(WAIT).until(() -> engine(replicaA).state(name) == null);
	}

	@Test
	void olderWriteFlushedLaterShouldNotOverwriteTheNewerOneOnEitherReplica() throws Exception {
		String name = unique("System");
		engine(replicaA).persist(name, 1, TIME);
		engine(replicaB).persist(name, 2, TIME);
		// B received later and flushes first; A flushes its older write afterwards and must lose.
		engine(replicaB).flush(WAIT);
		engine(replicaA).flush(WAIT);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(engine(replicaA).state(name).recordNumber()).isEqualTo(2);
			assertThat(engine(replicaB).state(name).recordNumber()).isEqualTo(2);
		});
		assertThat(inDatabase().get(name).recordNumber()).isEqualTo(2);
	}

	@Test
	void olderDeleteFlushedLaterShouldNotRemoveTheNewerWrite() throws Exception {
		String name = unique("Setup");
		engine(replicaA).persist(name, 1, TIME);
		engine(replicaA).flush(WAIT);
		await().atMost(WAIT).until(() -> engine(replicaB).state(name) != null);
		engine(replicaB).delete(name);
		engine(replicaA).persist(name, 2, TIME);
		engine(replicaA).flush(WAIT);
		engine(replicaB).flush(WAIT);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(engine(replicaA).state(name)).isNotNull();
			assertThat(engine(replicaB).state(name)).isNotNull();
			assertThat(engine(replicaB).state(name).recordNumber()).isEqualTo(2);
		});
		assertThat(inDatabase().get(name).recordNumber()).isEqualTo(2);
	}

	@Test
	void concurrentWritersThroughBothReplicasShouldConvergeToTheWriteReceivedLast() throws Exception {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			names.add(unique("Shared" + i));
		}
		Map<String, Write> lastReceived = new ConcurrentHashMap<>();
		int writersPerReplica = 3;
		int writes = 400;
		ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerReplica);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> writers = new ArrayList<>();
		for (int w = 0; w < 2 * writersPerReplica; w++) {
			CheckpointEngine engine = engine((w % 2 == 0) ? replicaA : replicaB);
			long base = (w + 1) * 1_000_000L;
			writers.add(pool.submit(() -> {
				go.await();
				for (int i = 0; i < writes; i++) {
					String name = names.get((int) ((base + i * 7L) % names.size()));
					long recordNumber = base + i;
					engine.persist(name, recordNumber, TIME);
					Write write = new Write(recordNumber, clock.lastOnThisThread());
					lastReceived.merge(name, write, (a, b) -> a.receivedAt().isAfter(b.receivedAt()) ? a : b);
					if (i % 25 == 0) {
						// Interleave flushes of both replicas with the writes.
						engine.flush(WAIT);
					}
				}
				return null;
			}));
		}
		go.countDown();
		for (Future<?> writer : writers) {
			writer.get(2, TimeUnit.MINUTES);
		}
		pool.shutdown();
		engine(replicaA).flush(WAIT);
		engine(replicaB).flush(WAIT);
		Map<String, Long> expected = new HashMap<>();
		lastReceived.forEach((name, write) -> expected.put(name, write.recordNumber()));
		assertThat(expected).containsOnlyKeys(names);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(recordNumbers(engine(replicaA), names)).isEqualTo(expected);
			assertThat(recordNumbers(engine(replicaB), names)).isEqualTo(expected);
		});
		Map<String, EventLogState> stored = inDatabase();
		names.forEach((name) -> assertThat(stored.get(name).recordNumber()).as(name).isEqualTo(expected.get(name)));
	}

	private static Map<String, Long> recordNumbers(CheckpointEngine engine, List<String> names) {
		Map<String, Long> numbers = new HashMap<>();
		names.forEach((name) -> {
			EventLogState state = engine.state(name);
			numbers.put(name, (state != null) ? state.recordNumber() : null);
		});
		return numbers;
	}

	record Write(long recordNumber, Instant receivedAt) {
	}

	private static String withoutVersion(String json) {
		return json.replaceAll(",\"version\":\"[0-9]+\"", "");
	}

}
