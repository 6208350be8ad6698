package io.eventcheckpoint.web;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.security.TokenScope;
import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * Turns the untrusted body of {@code POST /logs} into positions, all or nothing: every offending
 * entry is named, names outside the token's scope are refused together, and a name may appear only
 * once (the order of duplicates would be ambiguous).
 */
final class BatchParser {

	/** Enough problems to fix a client; a batch of 10,000 bad entries would otherwise answer megabytes. */
	private static final int MAX_PROBLEMS = 100;

	private final PositionParser parser;

	private final int maxBatchSize;

	BatchParser(PositionParser parser, int maxBatchSize) {
		this.parser = parser;
		this.maxBatchSize = maxBatchSize;
	}

	/**
	 * Parse a batch.
	 * @param body the request body, {@code {"event_logs": [...]}}
	 * @param scope the names the caller may write
	 * @param receivedAt the time to use for entries without a timestamp
	 * @return the positions with their epochs and preconditions, in request order
	 * @throws InvalidRequestException when something is wrong
	 * @throws OutOfScopeException when some name is outside the scope
	 */
	List<PositionWrite> parse(JsonNode body, TokenScope scope, OffsetDateTime receivedAt) {
		return parse(BatchBody.of(body), scope, receivedAt);
	}

	/**
	 * Parse a batch read by {@link PositionBodyConverter}.
	 * @param body the request body's entries
	 * @param scope the names the caller may write
	 * @param receivedAt the time to use for entries without a timestamp
	 * @return the positions, in request order
	 * @throws InvalidRequestException when something is wrong
	 * @throws OutOfScopeException when some name is outside the scope
	 */
	List<PositionWrite> parse(BatchBody body, TokenScope scope, OffsetDateTime receivedAt) {
		List<PositionBody> logs = body.logs();
		if (logs == null) {
			throw new InvalidRequestException("event_logs", "must be a list of positions");
		}
		if (logs.isEmpty()) {
			throw new InvalidRequestException("event_logs", "must contain at least one position");
		}
		if (logs.size() > this.maxBatchSize) {
			throw new InvalidRequestException("event_logs", "must contain at most " + this.maxBatchSize
					+ " positions (checkpoint.api.max-batch-size)");
		}
		List<FieldProblem> problems = new ArrayList<>();
		List<String> outOfScope = new ArrayList<>();
		List<PositionWrite> states = new ArrayList<>(logs.size());
		Set<String> names = new HashSet<>();
		for (int i = 0; i < logs.size() && problems.size() < MAX_PROBLEMS; i++) {
			// The JSON path is built only for an entry that is wrong: eagerly it cost a fifth of a batch.
			int index = i;
			Supplier<String> prefix = () -> "event_logs[" + index + "].";
			PositionBody entry = logs.get(i);
			if (!entry.object()) {
				problems.add(new FieldProblem("event_logs[" + i + "]", "must be an object"));
				continue;
			}
			JsonNode nameNode = entry.name();
			String name = (nameNode != null && nameNode.isString()) ? nameNode.stringValue() : null;
			if (nameNode != null && !nameNode.isNull() && !nameNode.isString()) {
				problems.add(new FieldProblem(prefix.get() + "name", "must be a string"));
				continue;
			}
			int before = problems.size();
			String nameProblem = this.parser.nameProblem(name);
			if (nameProblem != null) {
				problems.add(new FieldProblem(prefix.get() + "name", nameProblem));
			}
			if (problems.size() == before && !scope.permits(name)) {
				outOfScope.add(prefix.get() + "name");
			}
			if (problems.size() == before && !names.add(name)) {
				problems.add(new FieldProblem(prefix.get() + "name", "appears more than once in the batch"));
			}
			EventLogState state = this.parser.parse((name != null) ? name : "", entry.recordNumber(), entry.timestamp(),
					entry.bookmark(), prefix, receivedAt, problems);
			long epoch = PositionParser.epoch(entry.epoch(), prefix, problems);
			long ifMatch = (entry.ifMatch() != null)
					? Preconditions.ifMatch(entry.ifMatch(), prefix.get() + "if_match", problems) : 0;
			boolean ifNoneMatch = (entry.ifNoneMatch() != null)
					&& Preconditions.ifNoneMatch(entry.ifNoneMatch(), prefix.get() + "if_none_match", problems);
			if (state != null && problems.size() == before) {
				states.add(new PositionWrite(state, epoch, ifMatch, ifNoneMatch));
			}
		}
		if (!outOfScope.isEmpty()) {
			throw new OutOfScopeException(outOfScope);
		}
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		return states;
	}

}
