package io.eventcheckpoint.web;

/**
 * No position is stored for a name; answered 404.
 */
class LogNotFoundException extends RuntimeException {

	LogNotFoundException(String name) {
		super("No position is stored for this event log");
	}

}
