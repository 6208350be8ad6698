package io.eventcheckpoint.web;

import java.io.IOException;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.support.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every HTTP API test of {@link LogsApiTests} with {@code checkpoint.store=jdbc}, on a fresh
 * PostgreSQL database; durable writes are read back from the database.
 * <p>
 * The context is closed after the class (its final flush still reaches the database), then the
 * database is dropped with it.
 */
@DirtiesContext
class JdbcLogsApiTests extends LogsApiTests {

	private static PostgresTestDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = PostgresTestDatabase.create();
	}

	@DynamicPropertySource
	static void jdbcStore(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry, () -> database);
	}

	@Override
	EventLogState durableState(String name) throws IOException {
		return database.store()
			.load()
			.states()
			.stream()
			.filter((state) -> state.name().equals(name))
			.findFirst()
			.orElse(null);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DropDatabaseOnClose {

		@Bean(destroyMethod = "close")
		PostgresTestDatabase testDatabase() {
			return database;
		}

	}

}
