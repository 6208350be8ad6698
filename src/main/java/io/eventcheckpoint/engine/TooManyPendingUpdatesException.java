package io.eventcheckpoint.engine;

/**
 * Thrown when a write would queue more updates for the store than the limit, which happens only
 * while the store is slow or failing; nothing was changed. Back-pressure: retry later.
 */
public class TooManyPendingUpdatesException extends EngineLimitException {

	TooManyPendingUpdatesException(long pending, int updates, long limit) {
		super(updates + " more updates would pass the limit of " + limit + " pending (" + pending + " pending)",
				limit);
	}

}
