package io.eventcheckpoint.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.eventcheckpoint.CheckpointApplication;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.eventcheckpoint.store.postgres.JdbcCheckpointStore;
import io.eventcheckpoint.support.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code checkpoint.store} chooses the store; the file store needs no database at all.
 */
class JdbcStoreSelectionTests {

	@TempDir
	Path dir;

	private ConfigurableApplicationContext run(Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put("checkpoint.file", this.dir.resolve("checkpoint.yml").toString());
		return new SpringApplicationBuilder(CheckpointApplication.class).web(WebApplicationType.NONE)
			.properties(all)
			.run();
	}

	@Test
	void fileStoreShouldStartWithoutDatabaseOrDataSourceConfiguration() {
		try (ConfigurableApplicationContext context = run(Map.of())) {
			assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(YamlFileCheckpointStore.class);
			assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
			assertThat(context.getBeanNamesForType(Flyway.class)).isEmpty();
			assertThat(context.getBeanNamesForType(JdbcCheckpointRefresher.class)).isEmpty();
		}
	}

	@Test
	void jdbcStoreWithoutDataSourceUrlShouldFailNamingIt() {
		assertThatException().isThrownBy(() -> run(Map.of("checkpoint.store", "jdbc")))
			.withStackTraceContaining("DataSource")
			.withStackTraceContaining("Failed to determine a suitable driver class");
	}

	@Test
	void jdbcStoreShouldMigrateTheSchemaAndKeepPositionsInPostgres() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			try (ConfigurableApplicationContext context = run(database.properties())) {
				assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(JdbcCheckpointStore.class);
				CheckpointEngine checkpoints = context.getBean(CheckpointEngine.class);
				checkpoints.persist("Application", -1L, OffsetDateTime.parse("2024-05-06T07:08:09.123456789+05:30"));
				checkpoints.flush(Duration.ofSeconds(10));
			}
			assertThat(database.store().load().states()).singleElement().satisfies((state) -> {
				assertThat(state.name()).isEqualTo("Application");
				assertThat(state.recordNumberString()).isEqualTo("18446744073709551615");
			});
		}
	}

	@Test
	void invalidJdbcSettingsShouldFailNamingTheProperty() {
		assertThatException()
			.isThrownBy(() -> run(Map.of("checkpoint.store", "jdbc", "checkpoint.jdbc.refresh-interval", "0s",
					"spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/none")))
			.withStackTraceContaining("checkpoint.jdbc.refresh-interval");
	}

}
