package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system steps the snapshot file and the journal share: private modes, and forcing a
 * directory so that created, renamed and deleted names survive a power loss.
 */
final class Directories {

	private static final Logger logger = LoggerFactory.getLogger(Directories.class);

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-x---");

	private Directories() {
	}

	static void force(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some platforms (Windows) cannot open a directory; the rename is then as durable as it gets.
			logger.debug("Could not force directory {}", directory, ex);
		}
	}

	static void create(Path directory) throws IOException {
		if (directory != null && !Files.isDirectory(directory)) {
			Files.createDirectories(directory, attributes(DIRECTORY_MODE));
		}
	}

	static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(mode) } : new FileAttribute<?>[0];
	}

}
