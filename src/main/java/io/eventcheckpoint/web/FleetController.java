package io.eventcheckpoint.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.LogGroup;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.security.TokenScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fleet view: logs grouped per collector, with when each group was last updated, so operators
 * see which collectors stopped reporting without one metric series per log.
 * <p>
 * Pages like {@code GET /logs}: a cursor is the base64url form of a page's last prefix and the
 * next page starts strictly after it in Go's order.
 */
@RestController
@RequestMapping(path = "/fleet", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "fleet", description = "Logs grouped per collector")
class FleetController {

	static final int MAX_LIMIT = 10_000;

	static final int MAX_DEPTH = 16;

	private final CheckpointEngine checkpoints;

	FleetController(CheckpointEngine checkpoints) {
		this.checkpoints = checkpoints;
	}

	@GetMapping
	@Operation(summary = "List collectors",
			description = "Logs grouped by the start of their names: up to and including the first / by default, "
					+ "the depth-th with depth. A name with fewer / is a group of its own. Sorted by prefix "
					+ "(UTF-8 byte order). A token with a prefix counts only its own names. Without limit every "
					+ "group is answered; with limit at most that many, and when more follow a cursor in next "
					+ "and in a Link header (rel=\"next\").")
	@ApiResponse(responseCode = "200", description = "The groups", headers = @Header(name = "Link",
			description = "<...?cursor=...>; rel=\"next\" when more groups follow", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "Invalid depth, limit or cursor",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<FleetDocument> fleet(
			@Parameter(description = "How many / a group's prefix holds", schema = @Schema(type = "integer", minimum = "1",
					maximum = "16", defaultValue = "1")) @RequestParam(defaultValue = "1") String depth,
			@Parameter(description = "Most groups in the answer", schema = @Schema(type = "integer", minimum = "1",
					maximum = "10000")) @RequestParam(required = false) String limit,
			@Parameter(description = "The next of the previous page") @RequestParam(required = false) String cursor) {
		int groupDepth = number("depth", depth, 1, MAX_DEPTH);
		Integer pageSize = (limit != null) ? number("limit", limit, 1, MAX_LIMIT) : null;
		String after = (cursor != null) ? decode(cursor) : null;
		// One group more than the page, to know whether a next page follows.
		int max = (pageSize != null) ? pageSize + 1 : Integer.MAX_VALUE;
		List<LogGroup> groups = this.checkpoints.fleet().groups(groupDepth, TokenScope.current().prefix(), after, max);
		int to = (pageSize != null) ? Math.min(groups.size(), pageSize) : groups.size();
		String next = (to < groups.size()) ? encode(groups.get(to - 1).prefix()) : null;
		List<FleetGroup> page = groups.subList(0, to).stream().map(FleetGroup::of).toList();
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
		if (next != null) {
			answer.header(HttpHeaders.LINK, "</fleet?depth=" + groupDepth + "&limit=" + pageSize + "&cursor=" + next
					+ ">; rel=\"next\"");
		}
		return answer.body(new FleetDocument(page, next));
	}

	private static int number(String field, String text, int min, int max) {
		try {
			int value = Integer.parseInt(text);
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw new InvalidRequestException(field, "must be a whole number from " + min + " to " + max);
	}

	static String encode(String prefix) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(prefix.getBytes(StandardCharsets.UTF_8));
	}

	static String decode(String cursor) {
		try {
			String prefix = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!prefix.isEmpty() && encode(prefix).equals(cursor)) {
				return prefix;
			}
		}
		catch (IllegalArgumentException ex) {
			// Answered below.
		}
		throw new InvalidRequestException("cursor", "must be a cursor from a previous page's next");
	}

	static String time(Instant instant) {
		return CheckpointYaml.formatTime(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

	/**
	 * One page of groups.
	 *
	 * @param groups the groups, sorted by prefix
	 * @param next the cursor of the next page, absent on the last page
	 */
	@Schema(name = "Fleet", description = "Logs grouped per collector")
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record FleetDocument(@Schema(description = "Groups sorted by prefix") List<FleetGroup> groups,
			@Schema(description = "Cursor of the next page; absent on the last page") String next) {
	}

	/**
	 * One group.
	 *
	 * @param prefix the start every name of the group shares
	 * @param logs how many logs it holds
	 * @param lastUpdate when its most recently updated log was last updated
	 * @param oldestUpdate when its least recently updated log was last updated
	 */
	@Schema(name = "FleetGroup", description = "The logs of one collector")
	record FleetGroup(@Schema(description = "Start of the names", example = "host-a/") String prefix,
			@Schema(description = "Logs in the group", example = "3") int logs,
			@Schema(description = "When the service last accepted a change of any log of the group (RFC 3339, UTC)",
					example = "2026-11-24T10:00:00.123456789Z") @JsonProperty("last_update") String lastUpdate,
			@Schema(description = "The last update of the group's least recently updated log (RFC 3339, UTC)",
					example = "2026-11-20T08:00:00Z") @JsonProperty("oldest_update") String oldestUpdate) {

		static FleetGroup of(LogGroup group) {
			return new FleetGroup(group.prefix(), group.logs(), time(group.lastUpdate()), time(group.oldestUpdate()));
		}

	}

}
