package io.eventcheckpoint.transfer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.eventcheckpoint.CheckpointApplication;
import io.eventcheckpoint.support.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's import and export mode, as an operator runs it when moving from one replica to many:
 * {@code java -jar app.jar --checkpoint.store=jdbc ... --checkpoint.import=checkpoint.yml}.
 */
class CheckpointTransferModeTests {

	@TempDir
	Path dir;

	private static ConfigurableApplicationContext run(PostgresTestDatabase database, String argument) {
		return SpringApplication.run(CheckpointApplication.class, "--checkpoint.store=jdbc",
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
				"--spring.datasource.password=" + database.password(), argument);
	}

	@Test
	void importAndExportShouldRunWithoutWebServerAndRoundTripTheGoFile() throws Exception {
		Path original = this.dir.resolve("checkpoint.yml");
		try (InputStream in = getClass().getResourceAsStream("/checkpoint-files/winlogbeat.yml")) {
			Files.copy(in, original);
		}
		Path exported = this.dir.resolve("exported/checkpoint.yml");
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			try (ConfigurableApplicationContext context = run(database, "--checkpoint.import=" + original)) {
				assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			}
			try (ConfigurableApplicationContext context = run(database, "--checkpoint.export=" + exported)) {
				assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			}
		}
		assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(original));
	}

}
