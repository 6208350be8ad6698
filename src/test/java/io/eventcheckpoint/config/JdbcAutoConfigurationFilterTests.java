package io.eventcheckpoint.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcAutoConfigurationFilterTests {

	private static final String[] CANDIDATES = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
			"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration", null };

	private static boolean[] match(MockEnvironment environment) {
		JdbcAutoConfigurationFilter filter = new JdbcAutoConfigurationFilter();
		filter.setEnvironment(environment);
		return filter.match(CANDIDATES, null);
	}

	@Test
	void fileStoreShouldLeaveOutDataSourceJdbcAndFlywayAutoConfiguration() {
		assertThat(match(new MockEnvironment())).containsExactly(false, false, false, true, true);
		assertThat(match(new MockEnvironment().withProperty("checkpoint.store", "file")))
			.containsExactly(false, false, false, true, true);
	}

	@Test
	void jdbcStoreShouldKeepEverything() {
		assertThat(match(new MockEnvironment().withProperty("checkpoint.store", "jdbc")))
			.containsExactly(true, true, true, true, true);
		assertThat(match(new MockEnvironment().withProperty("checkpoint.store", " JDBC ")))
			.containsExactly(true, true, true, true, true);
	}

}
