package io.eventcheckpoint.config;

import io.eventcheckpoint.engine.CheckpointEngine;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the engine to the application's lifecycle: it runs before the web server takes traffic and
 * its final flush runs after the web server has stopped taking it.
 * <p>
 * The flush is not in {@code @PreDestroy} (spring-boot #24255): by the time beans are destroyed,
 * nothing orders it after the web server's graceful shutdown.
 */
class CheckpointService implements SmartLifecycle {

	/** Below the web server's phase: started before it, stopped after it. */
	static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;

	private final CheckpointEngine checkpoints;

	private volatile boolean running;

	CheckpointService(CheckpointEngine checkpoints) {
		this.checkpoints = checkpoints;
	}

	@Override
	public void start() {
		// The engine loaded its store when it was created; from here on it serves traffic.
		this.running = true;
	}

	@Override
	public void stop() {
		this.checkpoints.shutdown();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
