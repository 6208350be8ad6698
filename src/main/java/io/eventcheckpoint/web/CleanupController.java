package io.eventcheckpoint.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.security.CleanupAudit;
import io.eventcheckpoint.security.TokenScope;
import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Removes the logs of collectors that are gone: every log under a prefix that the service has not
 * seen a change of for a while. A dry run (the default) only lists them, like Kafka's
 * {@code --reset-offsets} without {@code --execute}.
 * <p>
 * Deletes go through the engine, so every store sees them; each name is checked again when it is
 * deleted, so a log updated between the listing and the deletion is kept.
 */
@RestController
@Tag(name = "logs")
class CleanupController {

	static final int MAX_NAMES = 1000;

	private final CheckpointEngine checkpoints;

	private final PositionParser parser;

	private final Duration durableTimeout;

	CleanupController(CheckpointEngine checkpoints, ApiProperties api, CheckpointProperties properties) {
		this.checkpoints = checkpoints;
		this.parser = new PositionParser(api.maxNameLength());
		this.durableTimeout = properties.durableTimeout();
	}

	@PostMapping(path = "/logs/cleanup", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Delete logs not updated for a while",
			description = "Matches every log whose name starts with prefix and whose last update (when the service "
					+ "accepted its last change, not the record's timestamp) is older than not_updated_for. With "
					+ "dry_run (the default) nothing changes; with dry_run false the matches are deleted, each only "
					+ "if it is still not updated when its turn comes. Needs the write role and a token whose scope "
					+ "covers the whole prefix; the audit log records every call. Cleaning every log must be asked "
					+ "for with prefix \"\".")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = CleanupRequest.class)))
	@ApiResponse(responseCode = "200", description = "What matched and what was deleted")
	@ApiResponse(responseCode = "400", description = "Missing or invalid prefix, not_updated_for or dry_run",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "403", description = "The prefix reaches names outside the token's scope",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out, or too many updates "
			+ "are pending (nothing was deleted)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	CleanupResult cleanup(@RequestBody JsonNode body,
			@Parameter(description = "Answer only once the deletions are durable") @RequestParam(
					defaultValue = "false") boolean durable) {
		if (!body.isObject()) {
			throw new InvalidRequestException("body", "must be a JSON object with prefix and not_updated_for");
		}
		List<FieldProblem> problems = new ArrayList<>();
		String prefix = prefix(body.get("prefix"), problems);
		Duration window = window(body.get("not_updated_for"), problems);
		boolean dryRun = dryRun(body.get("dry_run"), problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		TokenScope scope = TokenScope.current();
		if (!scope.permits(prefix)) {
			throw new OutOfScopeException(List.of("prefix"));
		}
		Instant cutoff = this.checkpoints.clock().instant().minus(window);
		List<String> matched = this.checkpoints.fleet().notUpdatedSince(prefix, cutoff, scope::permits);
		List<String> names;
		int deleted = 0;
		if (dryRun) {
			names = matched;
		}
		else {
			List<EventLogState> gone = this.checkpoints.fleet().deleteNotUpdatedSince(matched, cutoff);
			deleted = gone.size();
			names = gone.stream().limit(MAX_NAMES).map(EventLogState::name).toList();
			if (durable) {
				this.checkpoints.flush(this.durableTimeout);
			}
		}
		CleanupAudit.cleanedUp(prefix, window, dryRun, matched.size(), deleted);
		return new CleanupResult(dryRun, matched.size(), deleted, names.subList(0, Math.min(MAX_NAMES, names.size())));
	}

	private String prefix(JsonNode node, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			problems.add(new FieldProblem("prefix", "is required; use \"\" to clean every log"));
			return null;
		}
		if (!node.isString()) {
			problems.add(new FieldProblem("prefix", "must be a string"));
			return null;
		}
		String prefix = node.stringValue();
		if (!prefix.isEmpty()) {
			this.parser.checkName(prefix, "prefix", problems);
		}
		return prefix;
	}

	private static Duration window(JsonNode node, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			problems.add(new FieldProblem("not_updated_for", "is required, an ISO-8601 duration such as P30D"));
			return null;
		}
		if (node.isString()) {
			try {
				Duration window = Duration.parse(node.stringValue());
				if (!window.isNegative() && !window.isZero()) {
					return window;
				}
			}
			catch (DateTimeParseException ex) {
				// Answered below.
			}
		}
		problems.add(new FieldProblem("not_updated_for", "must be a positive ISO-8601 duration such as P30D or PT12H"));
		return null;
	}

	private static boolean dryRun(JsonNode node, List<FieldProblem> problems) {
		if (node == null || node.isNull()) {
			return true;
		}
		if (!node.isBoolean()) {
			problems.add(new FieldProblem("dry_run", "must be true or false"));
			return true;
		}
		return node.booleanValue();
	}

	/** Request body of {@code POST /logs/cleanup}, for the OpenAPI description. */
	@Schema(name = "CleanupRequest", description = "Which logs to clean up")
	record CleanupRequest(
			@Schema(description = "Start of the names; \"\" for every log", example = "host-a/",
					requiredMode = Schema.RequiredMode.REQUIRED) String prefix,
			@Schema(description = "ISO-8601 duration: logs not updated for this long match", example = "P30D",
					requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("not_updated_for") String notUpdatedFor,
			@Schema(description = "Whether only to list the matches (the default)", defaultValue = "true")
			@JsonProperty("dry_run") Boolean dryRun) {
	}

	/**
	 * What a clean-up matched and deleted.
	 *
	 * @param dryRun whether nothing was deleted on purpose
	 * @param matched how many logs matched
	 * @param deleted how many were deleted
	 * @param names the first 1,000 names deleted (or, in a dry run, matched), in Go's order
	 */
	@Schema(name = "CleanupResult", description = "What a clean-up matched and deleted")
	record CleanupResult(@JsonProperty("dry_run") boolean dryRun,
			@Schema(description = "Logs that matched") int matched,
			@Schema(description = "Logs deleted; fewer than matched if some were updated meanwhile") int deleted,
			@Schema(description = "The first 1,000 names deleted, or matched in a dry run") List<String> names) {
	}

}
