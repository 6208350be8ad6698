package io.eventcheckpoint.support;

import java.nio.file.Path;

import io.eventcheckpoint.engine.CheckpointEngine;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of HTTP tests against a server on a random port whose file store lives in a fresh
 * directory per test class and flushes only when asked (or hourly). Subclasses are
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and bring their own clock.
 */
public abstract class FileStoreServerTests {

	@TempDir
	protected static Path dataDir;

	@LocalServerPort
	protected int port;

	@Autowired
	protected CheckpointEngine checkpoints;

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> dataDir.resolve("checkpoint.yml").toString());
		registry.add("checkpoint.flush-interval", () -> "1h");
	}

	protected HttpTestClient http() {
		return new HttpTestClient(this.port);
	}

}
