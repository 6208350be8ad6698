package io.eventcheckpoint.web;

import io.eventcheckpoint.support.InMemoryCheckpointStore;

import java.time.Duration;

import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller's validation and error shapes, on a real engine whose store can be made to fail.
 */
@WebMvcTest(LogsController.class)
@TestPropertySource(properties = { "checkpoint.durable-timeout=5s", "checkpoint.api.max-batch-size=3",
		"checkpoint.api.max-name-length=16" })
class LogsControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	InMemoryCheckpointStore store;

	@Autowired
	CheckpointEngine checkpoints;

	@AfterEach
	void healStore() {
		this.store.failing(false);
	}

	@Test
	void durableWriteWhenTheStoreFailsShouldAnswer503WithRetryAfterAndKeepTheChangeQueued() {
		this.store.failing(true);
		assertThat(this.mvc.put()
			.uri("/logs/App?durable=true")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"record_number\": 5}")).hasStatus(503)
			.hasHeader("Retry-After", "5")
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("queued")
			.doesNotContain("disk on fire");
		assertThat(this.checkpoints.state("App").recordNumber()).isEqualTo(5);
		assertThat(this.checkpoints.pendingUpdates()).isPositive();
		this.store.failing(false);
		assertThat(this.mvc.put()
			.uri("/logs/App?durable=true")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"record_number\": 6}")).hasStatusOk();
		assertThat(this.checkpoints.pendingUpdates()).isZero();
	}

	@Test
	void invalidFieldsShouldAllBeNamedInTheProblem() {
		assertThat(this.mvc.put()
			.uri("/logs/App")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"record_number\": -1, \"timestamp\": \"noon\", \"bookmark\": 3}")).hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactly("record_number", "timestamp", "bookmark");
	}

	@Test
	void batchOverTheConfiguredSizeShouldAnswer400NamingTheProperty() {
		String entry = "{\"name\": \"n%d\", \"record_number\": 1}";
		String body = "{\"event_logs\": [" + String.format(entry, 1) + "," + String.format(entry, 2) + ","
				+ String.format(entry, 3) + "," + String.format(entry, 4) + "]}";
		assertThat(this.mvc.post().uri("/logs").contentType(MediaType.APPLICATION_JSON).content(body)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("checkpoint.api.max-batch-size");
	}

	@Test
	void nameOverTheConfiguredLengthShouldAnswer400() {
		assertThat(this.mvc.put()
			.uri("/logs/" + "n".repeat(17))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"record_number\": 1}")).hasStatus(400);
		assertThat(this.mvc.put()
			.uri("/logs/" + "n".repeat(16))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"record_number\": 1}")).hasStatusOk();
	}

	@Test
	void acceptHeaderShouldChooseJsonOrYaml() {
		assertThat(this.mvc.get().uri("/logs").accept(MediaType.parseMediaType("application/yaml")))
			.hasContentType("application/yaml");
		assertThat(this.mvc.get().uri("/logs").header("Accept", "application/json;q=0.5, application/yaml"))
			.hasContentType("application/yaml");
		assertThat(this.mvc.get().uri("/logs").header("Accept", "*/*")).hasContentType(MediaType.APPLICATION_JSON);
		assertThat(this.mvc.get().uri("/logs")).hasContentType(MediaType.APPLICATION_JSON);
		assertThat(this.mvc.get().uri("/logs").header("Accept", "application/yaml;q=0.5, application/json"))
			.hasContentType(MediaType.APPLICATION_JSON);
		assertThat(this.mvc.get().uri("/logs").header("Accept", "image/png")).hasStatus(406);
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ ApiProperties.class, CheckpointProperties.class })
	static class Config {

		@Bean
		InMemoryCheckpointStore store() {
			return new InMemoryCheckpointStore("switchable").failureMessage("disk on fire at /var/secret/path");
		}

		@Bean(destroyMethod = "shutdown")
		CheckpointEngine checkpointService(InMemoryCheckpointStore store) {
			return new CheckpointEngine(store, 1000, Duration.ofHours(1));
		}

	}

}
