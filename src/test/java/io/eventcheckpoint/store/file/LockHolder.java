package io.eventcheckpoint.store.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A process that takes a checkpoint file's lock, prints {@code locked}, and holds it until its
 * standard input closes; for {@link CheckpointFileLockTests}.
 */
public final class LockHolder {

	private LockHolder() {
	}

	public static void main(String[] args) throws IOException {
		try (CheckpointFileLock lock = CheckpointFileLock.acquire(Path.of(args[0]))) {
			System.out.println("locked");
			System.out.flush();
			while (System.in.read() >= 0) {
				// hold the lock until the parent closes our input or kills us
			}
		}
	}

}
