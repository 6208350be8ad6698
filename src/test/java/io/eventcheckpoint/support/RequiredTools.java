package io.eventcheckpoint.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The one place that decides what a test does when infrastructure it needs is missing (a tool such
 * as {@code prometheus}, Docker, PostgreSQL).
 * <p>
 * It skips the test on a developer's machine, unless {@code checkpoint.require-infra} or
 * {@code CHECKPOINT_REQUIRE_INFRA} is true (CI sets it, and provides all of it): then the test fails.
 */
public final class RequiredTools {

	private RequiredTools() {
	}

	/**
	 * The path of an executable on the {@code PATH}.
	 * @param name the command, such as {@code promtool}
	 * @return its path; the test is skipped or failed when there is none
	 */
	public static Path require(String name) {
		return require(name, "Debian: apt-get install prometheus; CI: .ci/setup-prometheus.sh");
	}

	/**
	 * The path of an executable on the {@code PATH}.
	 * @param name the command, such as {@code go}
	 * @param howToInstall what to run to get it, for the message
	 * @return its path; the test is skipped or failed when there is none
	 */
	public static Path require(String name, String howToInstall) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		unavailable("'" + name + "' is not on the PATH (" + howToInstall + ")", null);
		throw new IllegalStateException("unreachable");
	}

	/**
	 * Skip the running test, or fail it when infrastructure is required.
	 * @param message what is missing
	 * @param cause why, or {@code null}
	 */
	public static void unavailable(String message, Throwable cause) {
		if (isInfraRequired()) {
			fail(message + " (checkpoint.require-infra / CHECKPOINT_REQUIRE_INFRA is true)", cause);
		}
		Assumptions.abort(message + "; skipped (set CHECKPOINT_REQUIRE_INFRA=true to fail instead)");
	}

	/**
	 * Whether missing infrastructure must fail tests rather than skip them.
	 * @return {@code true} when {@code checkpoint.require-infra} or {@code CHECKPOINT_REQUIRE_INFRA} is true
	 */
	public static boolean isInfraRequired() {
		return Boolean.getBoolean("checkpoint.require-infra")
				|| "true".equalsIgnoreCase(System.getenv("CHECKPOINT_REQUIRE_INFRA"));
	}

}
