package io.eventcheckpoint.config;

import io.eventcheckpoint.engine.CorruptCheckpointException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a corrupt checkpoint file at start-up into a short message that names the file and the fix,
 * instead of a stack trace.
 */
class CorruptCheckpointFailureAnalyzer extends AbstractFailureAnalyzer<CorruptCheckpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CorruptCheckpointException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Repair or restore the checkpoint file, or set checkpoint.on-corrupt=start-empty to start without "
						+ "positions.",
				cause);
	}

}
