package io.eventcheckpoint.config;

import java.util.Locale;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Spring Boot's DataSource, JDBC and Flyway auto-configuration unless
 * {@code checkpoint.store=jdbc}.
 * <p>
 * The jar carries the PostgreSQL driver, Hikari and Flyway for the {@code jdbc} store. Left alone,
 * Boot would create a DataSource from them and fail at start-up when no
 * {@code spring.datasource.url} is set, so the default file store could not start on a machine
 * without a database. A filter (registered in {@code META-INF/spring.factories}) keeps that
 * decision out of {@code spring.autoconfigure.exclude}, which users may set for their own reasons.
 */
public class JdbcAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String[] JDBC_PACKAGES = { "org.springframework.boot.jdbc.autoconfigure.",
			"org.springframework.boot.flyway.autoconfigure." };

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean jdbc = isJdbcStore(this.environment);
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = jdbc || !isJdbcAutoConfiguration(autoConfigurationClasses[i]);
		}
		return matches;
	}

	/**
	 * Whether the environment selects the PostgreSQL store.
	 * @param environment the environment, or {@code null}
	 * @return whether {@code checkpoint.store} is {@code jdbc}
	 */
	static boolean isJdbcStore(Environment environment) {
		String store = (environment != null) ? environment.getProperty("checkpoint.store") : null;
		return store != null && store.trim().toLowerCase(Locale.ROOT).equals("jdbc");
	}

	private static boolean isJdbcAutoConfiguration(String className) {
		if (className == null) {
			return false;
		}
		for (String prefix : JDBC_PACKAGES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
