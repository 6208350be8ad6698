package io.eventcheckpoint.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a file store fail and recover on demand. Tests run as root here, so file permissions cannot
 * make the store fail; a regular file where its data directory was can: the store can no longer
 * create its temporary file there.
 */
public final class BrokenDataDirectory {

	private BrokenDataDirectory() {
	}

	/**
	 * Move the data directory aside and put a regular file in its place.
	 * @param directory the store's data directory
	 * @throws IOException if the directory cannot be moved
	 */
	public static void breakIt(Path directory) throws IOException {
		Files.move(directory, aside(directory));
		Files.writeString(directory, "a file where the store expects its directory");
	}

	/**
	 * Give the data directory back, if it was taken away.
	 * @param directory the store's data directory
	 * @throws IOException if the directory cannot be moved back
	 */
	public static void restore(Path directory) throws IOException {
		if (Files.isRegularFile(directory)) {
			Files.delete(directory);
			Files.move(aside(directory), directory);
		}
	}

	private static Path aside(Path directory) {
		return directory.resolveSibling(directory.getFileName() + "-away");
	}

}
