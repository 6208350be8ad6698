package io.eventcheckpoint.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.support.HttpTestClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running server with four tokens, shared (one cached context) by the tests that extend it.
 * <ul>
 * <li>{@code admin}: write, every name</li>
 * <li>{@code collector-a}: write, names starting with {@code host-a/}, configured by its SHA-256</li>
 * <li>{@code reader}: read, every name</li>
 * <li>{@code reader-a}: read, names starting with {@code host-a/}</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"checkpoint.security.tokens[0].name=admin", "checkpoint.security.tokens[0].secret=" + SecuredServer.ADMIN,
		"checkpoint.security.tokens[0].role=write", "checkpoint.security.tokens[1].name=collector-a",
		"checkpoint.security.tokens[1].secret-sha256=" + SecuredServer.COLLECTOR_A_SHA256,
		"checkpoint.security.tokens[1].role=write", "checkpoint.security.tokens[1].prefix=host-a/",
		"checkpoint.security.tokens[2].name=reader", "checkpoint.security.tokens[2].secret=" + SecuredServer.READER,
		"checkpoint.security.tokens[2].role=read", "checkpoint.security.tokens[3].name=reader-a",
		"checkpoint.security.tokens[3].secret=" + SecuredServer.READER_A, "checkpoint.security.tokens[3].role=read",
		"checkpoint.security.tokens[3].prefix=host-a/", "checkpoint.security.protect-metrics=true",
		"checkpoint.flush-interval=1h", "checkpoint.max-updates=100000", "server.tomcat.connection-timeout=2s",
		"server.tomcat.keep-alive-timeout=60s" })
abstract class SecuredServer {

	static final String ADMIN = "admin-secret-0123456789";

	static final String COLLECTOR_A = "collector-a-secret-0123456789";

	static final String COLLECTOR_A_SHA256 = "dc1c563f9e00974c2f632e07b560e5e51b9702379586efe76448179627061358";

	static final String READER = "reader-secret-0123456789";

	static final String READER_A = "reader-a-secret-0123456789";

	static final List<String> SECRETS = List.of(ADMIN, COLLECTOR_A, COLLECTOR_A_SHA256, READER, READER_A);

	/** Under target/ rather than a JUnit temporary folder: the cached context outlives each test class. */
	static final Path DATA_DIR = createDataDir();

	@LocalServerPort
	int port;

	@Autowired
	CheckpointEngine checkpoints;

	@DynamicPropertySource
	static void fileStore(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> DATA_DIR.resolve("checkpoint.yml").toString());
	}

	private HttpTestClient http;

	HttpTestClient http() {
		if (this.http == null) {
			this.http = new HttpTestClient(this.port);
		}
		return this.http;
	}

	HttpTestClient as(String token) {
		return http().withToken(token);
	}

	private static Path createDataDir() {
		try {
			return Files.createDirectories(Path.of("target", "security-tests", UUID.randomUUID().toString()))
				.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
