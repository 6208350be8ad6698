package io.eventcheckpoint.config;

import io.eventcheckpoint.store.file.JournalSettings;
import io.eventcheckpoint.store.file.YamlFileCheckpointStore;
import io.eventcheckpoint.engine.CheckpointEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
					ValidationAutoConfiguration.class))
			.withUserConfiguration(TestConfiguration.class)
			.withPropertyValues("checkpoint.file=" + this.dir.resolve("checkpoint.yml"));
	}

	@Test
	void defaultsShouldMatchTheDocumentation() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class).run((context) -> {
			CheckpointProperties properties = context.getBean(CheckpointProperties.class);
			assertThat(properties.file()).isEqualTo(Path.of("data/checkpoint.yml"));
			assertThat(properties.maxUpdates()).isEqualTo(100);
			assertThat(properties.flushInterval()).hasSeconds(5);
			assertThat(properties.onCorrupt()).isEqualTo(io.eventcheckpoint.store.file.OnCorrupt.FAIL);
			assertThat(properties.store()).isEqualTo(CheckpointProperties.StoreType.FILE);
			assertThat(properties.maxLogs()).isEqualTo(1_000_000);
			assertThat(properties.maxPendingUpdates()).isEqualTo(1_000_000);
			assertThat(properties.journal()).isTrue();
			assertThat(properties.snapshotInterval()).hasMinutes(5);
			assertThat(properties.snapshotJournalSize().toMegabytes()).isEqualTo(64);
		});
	}

	@Test
	void journalSettingsShouldReachTheFileStore() {
		runner().withPropertyValues("checkpoint.snapshot-interval=2m", "checkpoint.snapshot-journal-size=8MB")
			.run((context) -> assertThat(context.getBean(YamlFileCheckpointStore.class)
				.settings()).isEqualTo(JournalSettings.journal(Duration.ofMinutes(2), 8L << 20)));
	}

	@Test
	void secondServiceOnTheSameFileShouldFailNamingTheLockAndReleaseItOnClose() {
		runner().run((first) -> {
			assertThat(first).hasNotFailed();
			runner().run((second) -> assertThat(second).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(this.dir.resolve("checkpoint.yml") + " is in use by another process (pid "
						+ ProcessHandle.current().pid() + ")")
				.hasMessageContaining("checkpoint.yml.lock"));
		});
		runner().run((again) -> assertThat(again).hasNotFailed());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			checkpoint.snapshot-interval=10ms     | checkpoint.snapshot-interval must be at least 1s
			checkpoint.snapshot-journal-size=10KB | checkpoint.snapshot-journal-size must be at least 1MB
			checkpoint.max-updates=0              | maxUpdates
			checkpoint.flush-interval=500ms       | checkpoint.flush-interval must be at least 1s
			""")
	void invalidSettingShouldFailNamingTheProperty(String setting, String message) {
		runner().withPropertyValues(setting)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(message));
	}

	@Test
	void validConfigurationShouldStartTheEngine() {
		runner().withPropertyValues("checkpoint.max-updates=5", "checkpoint.flush-interval=2s",
				"checkpoint.on-corrupt=start-empty")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CheckpointEngine service = context.getBean(CheckpointEngine.class);
				assertThat(service.maxUpdates()).isEqualTo(5);
				assertThat(service.flushInterval()).hasSeconds(2);
			});
	}

	@Test
	void limitsShouldReachTheEngine() {
		runner().withPropertyValues("checkpoint.max-logs=7", "checkpoint.max-pending-updates=9").run((context) -> {
			CheckpointEngine service = context.getBean(CheckpointEngine.class);
			assertThat(service.maxLogs()).isEqualTo(7);
			assertThat(service.maxPendingUpdates()).isEqualTo(9);
		});
	}

	@Test
	void maxLogsBelowOneShouldFailNamingTheProperty() {
		runner().withPropertyValues("checkpoint.max-logs=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("maxLogs"));
	}

	@Test
	void unknownOnCorruptValueShouldFail() {
		runner().withPropertyValues("checkpoint.on-corrupt=ignore")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void corruptFileWithoutGoodCopyShouldFailStartupWithMessageNamingFileAndFix() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		Files.writeString(file, "\0\0\0\0");
		runner().run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining("Checkpoint file " + file + " is corrupt")
			.hasStackTraceContaining("checkpoint.on-corrupt=start-empty"));
	}

	@Test
	void contextCloseShouldRunTheFinalFlush() {
		Path file = this.dir.resolve("checkpoint.yml");
		runner().withPropertyValues("checkpoint.max-updates=1000", "checkpoint.flush-interval=1h").run((context) -> {
			context.getBean(CheckpointEngine.class).persist("App", 42, java.time.OffsetDateTime.now());
			context.close();
			assertThat(Files.readString(file)).contains("record_number: 42");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CheckpointProperties.class)
	@Import(CheckpointConfiguration.class)
	static class TestConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CheckpointProperties.class)
	static class PropertiesOnly {

	}

}
