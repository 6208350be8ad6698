package io.eventcheckpoint.engine;

/**
 * Thrown when a write would track a new log beyond the limit; nothing was changed. Updates and
 * deletions of logs already tracked still work.
 */
public class TooManyLogsException extends EngineLimitException {

	TooManyLogsException(int tracked, int newLogs, int limit) {
		super(newLogs + " new logs would pass the limit of " + limit + " (" + tracked + " tracked)", limit);
	}

}
