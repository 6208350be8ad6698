package io.eventcheckpoint.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.support.InMemoryCheckpointStore;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable writes wait for the disk without holding a request thread: with a pool of two threads
 * and a flush held, six durable writes wait while other requests are still answered, and every
 * writer gets its answer (headers included) once the flush is done.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=2", "server.tomcat.threads.min-spare=2",
				"checkpoint.durable-timeout=5s" })
class DurableWritesApiTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	InMemoryCheckpointStore store;

	@Autowired
	CheckpointEngine checkpoints;

	@Autowired
	WebServerApplicationContext context;

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void ownDataDirectory(DynamicPropertyRegistry registry) {
		// The file store's lock is taken even beside the test store: not the default data/ of other tests.
		registry.add("checkpoint.file", () -> dir.resolve("checkpoint.yml").toString());
	}

	@AfterEach
	void releaseStore() {
		this.store.release();
	}

	@Test
	void durableWritesShouldWaitForTheFlushWithoutHoldingRequestThreads() throws Exception {
		assertThat(this.client.send(put("/logs/Gone", "{\"record_number\": 1}"), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		this.store.hold();
		List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			writes.add(send(put("/logs/Durable-" + i + "?durable=true", "{\"record_number\": " + (i + 1) + "}")));
		}
		writes.add(send(request("/logs?durable=true").POST(
				HttpRequest.BodyPublishers.ofString("{\"event_logs\": [{\"name\": \"Durable-batch\", \"record_number\": 9}]}"))));
		writes.add(send(request("/logs/Gone?durable=true").DELETE()));
		assertThat(this.store.awaitSaving()).as("a flush started and is held").isTrue();

		// Two threads, six writers waiting: these are answered only if no writer holds a thread.
		HttpResponse<String> other = this.client.send(put("/logs/Other", "{\"record_number\": 1}"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(this.client.send(request("/logs/Other").GET().build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		assertThat(writes).noneMatch(CompletableFuture::isDone);
		// The pool is the one asked for: the file store's own sizing leaves server.tomcat.threads.max alone.
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getConnector()
			.getProtocolHandler();
		assertThat(protocol.getMaxThreads()).isEqualTo(2);

		this.store.release();
		for (CompletableFuture<HttpResponse<String>> write : writes) {
			HttpResponse<String> response = write.get(20, TimeUnit.SECONDS);
			assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		}
		assertThat(writes.get(1).get().headers().firstValue("ETag")).isPresent();
		assertThat(writes.get(1).get().body()).contains("Durable-1");
		assertThat(this.store.states()).containsKeys("Durable-0", "Durable-1", "Durable-2", "Durable-3", "Durable-batch")
			.doesNotContainKey("Gone");
	}

	@Test
	void durableWriteThatTimesOutShouldAnswer503AndKeepThePositionQueued() throws Exception {
		this.store.hold();
		CompletableFuture<HttpResponse<String>> write = send(put("/logs/Late?durable=true", "{\"record_number\": 3}"));
		assertThat(this.store.awaitSaving()).isTrue();
		HttpResponse<String> response = write.get(30, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("queued").doesNotContain("Exception").doesNotContain("within");
		assertThat(this.checkpoints.state("Late").recordNumber()).isEqualTo(3);
	}

	@Test
	void durableWriteToANameThatCannotBeDispatchedAgainShouldBeAnsweredAllTheSame() throws Exception {
		// Decoded, the path climbs above the root: Tomcat refuses to dispatch it again, so it takes the blocking path.
		HttpResponse<String> put = this.client.send(put("/logs/..%2F..%2Fetc%2Fpasswd?durable=true",
				"{\"record_number\": 4}"), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		assertThat(this.store.states()).containsKey("../../etc/passwd");
		HttpResponse<String> delete = this.client.send(request("/logs/..%2F..%2Fetc%2Fpasswd?durable=true").DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(delete.statusCode()).isEqualTo(204);
		assertThat(this.store.states()).doesNotContainKey("../../etc/passwd");
	}

	private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
		return send(request.build());
	}

	private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest put(String path, String json) {
		return request(path).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		@Bean
		@Primary
		InMemoryCheckpointStore heldStore() {
			return new InMemoryCheckpointStore("held-test-store");
		}

	}

}
