package io.eventcheckpoint.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes audit events on and logs what the listener throws: a write that was accepted must not
 * fail because its audit line could not be written.
 */
record FailSafeAuditListener(AuditListener delegate) implements AuditListener {

	private static final Logger logger = LoggerFactory.getLogger(FailSafeAuditListener.class);

	@Override
	public void rewound(EventLogState previous, EventLogState current) {
		try {
			this.delegate.rewound(previous, current);
		}
		catch (RuntimeException ex) {
			logger.warn("Audit listener failed", ex);
		}
	}

	@Override
	public void deleted(EventLogState previous) {
		try {
			this.delegate.deleted(previous);
		}
		catch (RuntimeException ex) {
			logger.warn("Audit listener failed", ex);
		}
	}

}
