package io.eventcheckpoint.transfer;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the jar without a web server when it is asked to import or export checkpoints
 * ({@code --checkpoint.import=FILE} or {@code --checkpoint.export=FILE}), so that it does not
 * take the port of a running replica and exits once the transfer is done.
 */
public class CheckpointTransferEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (isSet(environment, "checkpoint.import") || isSet(environment, "checkpoint.export")) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("checkpointTransfer",
						Map.of("spring.main.web-application-type", "none")));
		}
	}

	private static boolean isSet(ConfigurableEnvironment environment, String property) {
		String value = environment.getProperty(property);
		return value != null && !value.isBlank();
	}

}
