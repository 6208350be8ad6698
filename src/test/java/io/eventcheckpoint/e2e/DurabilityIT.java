package io.eventcheckpoint.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end against the packaged jar: acknowledged writes survive SIGKILL (durable ones) and
 * SIGTERM (all of them).
 */
class DurabilityIT {

	private static final int KILL_CYCLES = Integer.getInteger("checkpoint.kill-cycles", 3);

	private static final int CLIENTS = 6;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	@Test
	void sigkillShouldLoseNoDurablyAcknowledgedWrite() throws Exception {
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		long totalAcknowledged = 0;
		for (int cycle = 0; cycle < KILL_CYCLES; cycle++) {
			try (JarProcess jar = JarProcess.start(this.dataDir, "--checkpoint.flush-interval=1h",
					"--checkpoint.max-updates=1000000")) {
				assertAllPresent(jar.http(), acknowledged, "after SIGKILL, cycle " + cycle);
				AtomicBoolean running = new AtomicBoolean(true);
				ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
				List<Future<Long>> counts = new ArrayList<>();
				for (int c = 0; c < CLIENTS; c++) {
					int client = c;
					counts.add(clients.submit(() -> write(jar.http(), client, running, acknowledged, true)));
				}
				TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(500, 2500)); // the random kill moment
				jar.kill();
				running.set(false);
				for (Future<Long> count : counts) {
					totalAcknowledged += count.get(60, TimeUnit.SECONDS);
				}
				clients.shutdownNow();
			}
		}
		assertThat(totalAcknowledged).as("durable writes acknowledged").isPositive();
		try (JarProcess jar = JarProcess.start(this.dataDir)) {
			assertAllPresent(jar.http(), acknowledged, "after the last SIGKILL");
			jar.terminate();
		}
	}

	@Test
	void sigtermShouldLoseNoAcknowledgedWriteOfAnyKind() throws Exception {
		Map<String, Long> acknowledged = new ConcurrentHashMap<>();
		try (JarProcess jar = JarProcess.start(this.dataDir, "--checkpoint.flush-interval=1h",
				"--checkpoint.max-updates=1000000")) {
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
			List<Future<Long>> counts = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int client = c;
				counts.add(clients.submit(() -> write(jar.http(), client, running, acknowledged, false)));
			}
			TimeUnit.MILLISECONDS.sleep(1500); // let clients write while the service runs
			jar.terminate();
			running.set(false);
			long total = 0;
			for (Future<Long> count : counts) {
				total += count.get(60, TimeUnit.SECONDS);
			}
			clients.shutdownNow();
			assertThat(total).as("writes acknowledged before SIGTERM").isPositive();
			assertThat(jar.output()).doesNotContain("could not be written");
		}
		// The final flush wrote every acknowledged write to the file itself.
		Map<String, Long> inFile = new ConcurrentHashMap<>();
		for (EventLogState state : CheckpointYaml.read(Files.readAllBytes(this.dataDir.resolve("checkpoint.yml")))
			.states()) {
			inFile.put(state.name(), state.recordNumber());
		}
		acknowledged.forEach((name, recordNumber) -> assertThat(inFile.get(name)).as(name)
			.isNotNull()
			.isGreaterThanOrEqualTo(recordNumber));
		try (JarProcess jar = JarProcess.start(this.dataDir)) {
			assertAllPresent(jar.http(), acknowledged, "after SIGTERM");
			jar.terminate();
		}
	}

	private static long write(HttpTestClient http, int client, AtomicBoolean running, Map<String, Long> acknowledged,
			boolean durable) {
		long count = 0;
		long recordNumber = acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
		while (running.get()) {
			String name = "host-" + client + "/log-" + (recordNumber % 7);
			try {
				HttpResponse<String> response = (recordNumber % 5 == 0)
						? http.post("/logs" + (durable ? "?durable=true" : ""),
								"{\"event_logs\": [{\"name\": \"" + name + "\", \"record_number\": " + recordNumber
										+ "}, {\"name\": \"" + name + "-batch\", \"record_number\": " + recordNumber + "}]}")
						: http.put("/logs/" + name + (durable ? "?durable=true" : ""),
								"{\"record_number\": " + recordNumber + "}");
				if (response.statusCode() == 200) {
					acknowledged.merge(name, recordNumber, Math::max);
					if (recordNumber % 5 == 0) {
						acknowledged.merge(name + "-batch", recordNumber, Math::max);
					}
					count++;
				}
			}
			catch (RuntimeException ex) {
				// The process is gone: this request was not acknowledged.
			}
			recordNumber++;
		}
		return count;
	}

	private static void assertAllPresent(HttpTestClient http, Map<String, Long> acknowledged, String when) {
		JsonNode listed = JSON.readTree(http.get("/logs").body());
		Map<String, Long> stored = new ConcurrentHashMap<>();
		listed.get("event_logs").forEach((state) -> stored.put(state.get("name").stringValue(),
				state.get("record_number").asLong()));
		acknowledged.forEach((name, recordNumber) -> assertThat(stored.get(name)).as("%s: %s", when, name)
			.isNotNull()
			.isGreaterThanOrEqualTo(recordNumber));
	}

}
