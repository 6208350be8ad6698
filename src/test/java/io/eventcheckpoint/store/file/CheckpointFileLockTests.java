package io.eventcheckpoint.store.file;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The lock that keeps two services off one checkpoint file, across processes and within one.
 */
class CheckpointFileLockTests {

	@TempDir
	Path dir;

	@Test
	void secondProcessShouldFailNamingTheFileAndTheOwnersPid() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				LockHolder.class.getName(), file.toString())
			.redirectErrorStream(true)
			.start();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
			assertThat(out.readLine()).isEqualTo("locked");
			assertThatIOException().isThrownBy(() -> CheckpointFileLock.acquire(file))
				.withMessageContaining(file.toString())
				.withMessageContaining("in use by another process (pid " + holder.pid() + ")")
				.withMessageContaining(file + ".lock");
		}
		finally {
			holder.destroyForcibly(); // SIGKILL: the OS releases the lock with the process
			assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		try (CheckpointFileLock lock = CheckpointFileLock.acquire(file)) {
			assertThat(Files.readString(lock.path())).isEqualTo(ProcessHandle.current().pid() + "\n");
		}
	}

	@Test
	void secondLockInOneProcessShouldFailUntilTheFirstIsClosed() throws Exception {
		Path file = this.dir.resolve("checkpoint.yml");
		CheckpointFileLock first = CheckpointFileLock.acquire(file);
		assertThatIOException().isThrownBy(() -> CheckpointFileLock.acquire(file))
			.withMessageContaining("pid " + ProcessHandle.current().pid());
		first.close();
		CheckpointFileLock.acquire(file).close();
	}

	@Test
	void lockShouldCreateTheDataDirectory() throws Exception {
		Path file = this.dir.resolve("missing/checkpoint.yml");
		try (CheckpointFileLock lock = CheckpointFileLock.acquire(file)) {
			assertThat(lock.path()).isEqualTo(file.resolveSibling("checkpoint.yml.lock"));
		}
	}

}
