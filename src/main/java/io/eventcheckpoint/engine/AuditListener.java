package io.eventcheckpoint.engine;

/**
 * Told about changes that make a collector read events again or lose its place: a record number
 * moved backwards and a deleted log. Called in the writer's thread, after the change is accepted.
 */
public interface AuditListener {

	AuditListener NONE = new AuditListener() {
	};

	/**
	 * A write moved a record number backwards (unsigned comparison).
	 * @param previous the state it replaced
	 * @param current the new state
	 */
	default void rewound(EventLogState previous, EventLogState current) {
	}

	/**
	 * A log was deleted.
	 * @param previous the state it had
	 */
	default void deleted(EventLogState previous) {
	}

}
