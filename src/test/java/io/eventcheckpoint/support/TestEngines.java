package io.eventcheckpoint.support;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.CheckpointStore;
import io.eventcheckpoint.engine.EngineSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts engines on a test's clock and a {@link FakeTicker} (flush after 1,000 updates or an hour,
 * so nothing flushes unless asked) and shuts them all down after each test. Register it with
 * {@code @RegisterExtension}.
 */
public final class TestEngines implements AfterEachCallback {

	private final Clock clock;

	private final List<CheckpointEngine> engines = new ArrayList<>();

	public TestEngines(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Start an engine on a store.
	 * @param store the store it loads and saves
	 * @return the engine, shut down after the test
	 */
	public CheckpointEngine start(CheckpointStore store) {
		CheckpointEngine engine = new CheckpointEngine(store,
				EngineSettings.of(1000, Duration.ofHours(1)).withClock(this.clock).withTicker(new FakeTicker()));
		this.engines.add(engine);
		return engine;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.engines.forEach(CheckpointEngine::shutdown);
		this.engines.clear();
	}

}
