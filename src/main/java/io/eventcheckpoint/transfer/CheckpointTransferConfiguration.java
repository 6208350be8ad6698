package io.eventcheckpoint.transfer;

import java.nio.file.Path;
import java.time.Clock;

import io.eventcheckpoint.engine.CheckpointStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The import/export mode of the jar: present only when {@code checkpoint.import} or
 * {@code checkpoint.export} is set.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(CheckpointTransferConfiguration.TransferRequested.class)
class CheckpointTransferConfiguration {

	@Bean
	CheckpointTransferRunner checkpointTransferRunner(CheckpointStore store, Environment environment,
			ObjectProvider<Clock> clock) {
		return new CheckpointTransferRunner(store, path(environment, "checkpoint.import"),
				path(environment, "checkpoint.export"), clock.getIfAvailable(Clock::systemUTC));
	}

	private static Path path(Environment environment, String property) {
		String value = environment.getProperty(property);
		return (value != null && !value.isBlank()) ? Path.of(value) : null;
	}

	static class TransferRequested extends AnyNestedCondition {

		TransferRequested() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("checkpoint.import")
		static class Import {

		}

		@ConditionalOnProperty("checkpoint.export")
		static class Export {

		}

	}

}
