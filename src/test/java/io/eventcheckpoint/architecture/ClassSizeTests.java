package io.eventcheckpoint.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every source file in {@code src/main/java} at 400 lines or fewer, so that one class keeps
 * one concern (issue 11: a 991-line service had seven).
 */
class ClassSizeTests {

	private static final int MAX_LINES = 400;

	private static final Path MAIN_SOURCES = Path.of("src/main/java");

	@Test
	void noMainClassShouldBeLongerThan400Lines() throws IOException {
		assertThat(MAIN_SOURCES).isDirectory();
		List<String> oversized;
		try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
			oversized = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> lines(file) > MAX_LINES)
				.map((file) -> relative(file) + " (" + lines(file) + " lines)")
				.sorted()
				.toList();
		}
		assertThat(oversized).as("classes over %d lines: split them by concern", MAX_LINES).isEmpty();
	}

	private static String relative(Path file) {
		return MAIN_SOURCES.relativize(file).toString().replace('\\', '/');
	}

	private static long lines(Path file) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
