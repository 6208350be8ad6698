package io.eventcheckpoint.store.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Keeps a second process off a checkpoint file: an exclusive OS lock on {@code <file>.lock},
 * held from start-up until the store is closed.
 * <p>
 * Two services on one data directory would each replay, append and snapshot over the other's
 * files, and the last snapshot would silently drop the other's positions. The lock is the OS's
 * ({@code fcntl} on Linux), so it goes away with the process, even after {@code SIGKILL}: no stale
 * lock blocks a restart. The file itself stays (deleting it would let a third process lock a new
 * file while a second still waits on the old one); it holds the owner's pid for the message a
 * second process prints.
 */
public final class CheckpointFileLock implements Closeable {

	private final FileChannel channel;

	private final Path path;

	private CheckpointFileLock(FileChannel channel, Path path) {
		this.channel = channel;
		this.path = path;
	}

	/**
	 * Take the lock of a checkpoint file, or fail at once if another process holds it.
	 * @param file the checkpoint file
	 * @return the lock, to close when the store is closed
	 * @throws IOException naming the lock file and the owner's pid if another process holds it
	 */
	public static CheckpointFileLock acquire(Path file) throws IOException {
		Path absolute = file.toAbsolutePath().normalize();
		Directories.create(absolute.getParent());
		Path path = absolute.resolveSibling(absolute.getFileName() + ".lock");
		FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE), Directories.attributes(Directories.FILE_MODE));
		try {
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				// This JVM holds it already: a second store on the same file is as wrong as a second process.
				lock = null;
			}
			if (lock == null) {
				throw new IOException("Checkpoint file " + absolute + " is in use by another process ("
						+ owner(channel) + "): it holds the lock " + path + ". Two services must not share one "
						+ "checkpoint file or data directory; stop the other one or give this one its own "
						+ "checkpoint.file");
			}
			byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(pid), 0);
			return new CheckpointFileLock(channel, path);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/** @return the lock file */
	public Path path() {
		return this.path;
	}

	private static String owner(FileChannel channel) {
		try {
			ByteBuffer content = ByteBuffer.allocate(32);
			channel.read(content, 0);
			String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).trim();
			return pid.matches("[0-9]{1,19}") ? "pid " + pid : "pid unknown";
		}
		catch (IOException ex) {
			return "pid unknown";
		}
	}

	/** Release the lock; closing the channel is what releases it. */
	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
