package io.eventcheckpoint.config;

import java.time.Clock;

import javax.sql.DataSource;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.store.postgres.JdbcCheckpointStore;
import io.eventcheckpoint.store.postgres.JdbcStartupRetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL store ({@code checkpoint.store=jdbc}) on Spring Boot's DataSource, with the schema
 * migrated by Flyway and a refresher that brings in what other replicas save.
 * <p>
 * Flyway runs before the store loads ({@link DependsOnDatabaseInitialization}); both wait for an
 * unreachable database through one {@link JdbcStartupRetry}, so start-up gives up only after
 * {@code checkpoint.jdbc.startup-timeout} in all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "checkpoint.store", havingValue = "jdbc")
@EnableConfigurationProperties(JdbcCheckpointProperties.class)
class JdbcCheckpointConfiguration {

	@Bean
	JdbcStartupRetry jdbcStartupRetry(ObjectProvider<JdbcConnectionDetails> connectionDetails,
			JdbcCheckpointProperties properties) {
		JdbcConnectionDetails details = connectionDetails.getIfAvailable();
		return new JdbcStartupRetry(JdbcCheckpointStore.describe((details != null) ? details.getJdbcUrl() : null),
				properties.startupTimeout());
	}

	@Bean
	FlywayMigrationStrategy retryingFlywayMigrationStrategy(JdbcStartupRetry startupRetry) {
		return (flyway) -> startupRetry.call(flyway::migrate);
	}

	@Bean
	@DependsOnDatabaseInitialization
	JdbcCheckpointStore jdbcCheckpointStore(DataSource dataSource, JdbcStartupRetry startupRetry,
			JdbcCheckpointProperties properties) {
		return new JdbcCheckpointStore(dataSource, startupRetry.target(), properties.networkTimeout(), startupRetry);
	}

	@Bean
	JdbcCheckpointRefresher jdbcCheckpointRefresher(JdbcCheckpointStore store, CheckpointEngine checkpoints,
			JdbcCheckpointProperties properties, ObjectProvider<Clock> clock) {
		return new JdbcCheckpointRefresher(store, checkpoints::applyExternal, properties.refreshInterval(),
				properties.tombstoneRetention(), clock.getIfAvailable(Clock::systemUTC), checkpoints.leases()::refresh);
	}

}
