package io.eventcheckpoint.web;

import io.eventcheckpoint.support.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every fenced-write HTTP test of {@link FencedWritesApiTests} with {@code checkpoint.store=jdbc}:
 * the answers are the same when PostgreSQL decides the preconditions, epochs and leases. The
 * moved clock is imported: nested configurations of a superclass are not found.
 */
@DirtiesContext
@Import(FencedWritesApiTests.MovedClock.class)
class JdbcFencedWritesApiTests extends FencedWritesApiTests {

	private static PostgresTestDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = PostgresTestDatabase.create();
	}

	@DynamicPropertySource
	static void jdbcStore(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry, () -> database);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DropDatabaseOnClose {

		@Bean(destroyMethod = "close")
		PostgresTestDatabase testDatabase() {
			return database;
		}

	}

}
