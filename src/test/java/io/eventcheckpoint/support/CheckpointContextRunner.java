package io.eventcheckpoint.support;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * An {@link ApplicationContextRunner} for configuration tests: property binding and validation as
 * in the application, and the checkpoint file in a test's own directory.
 */
public final class CheckpointContextRunner {

	private CheckpointContextRunner() {
	}

	/**
	 * A runner with the given configuration, keeping {@code checkpoint.yml} in {@code directory}.
	 * @param directory the test's temporary directory
	 * @param configurations the user configuration classes under test
	 * @return the runner
	 */
	public static ApplicationContextRunner withFileIn(Path directory, Class<?>... configurations) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
					ValidationAutoConfiguration.class))
			.withUserConfiguration(configurations)
			.withPropertyValues("checkpoint.file=" + directory.resolve("checkpoint.yml"));
	}

}
