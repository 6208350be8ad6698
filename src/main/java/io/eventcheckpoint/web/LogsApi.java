package io.eventcheckpoint.web;

import java.io.IOException;

import io.eventcheckpoint.web.PositionSchemas.BatchResult;
import io.eventcheckpoint.web.PositionSchemas.BatchUpdate;
import io.eventcheckpoint.web.PositionSchemas.PositionUpdate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The logs API as collectors see it: paths, media types and the OpenAPI description, kept apart
 * from {@link LogsController}'s logic.
 * <p>
 * Error responses name only a status and a description here; {@link OpenApiConfiguration} gives
 * every 4xx and 5xx answer its {@code application/problem+json} body in one place. Every operation
 * declares what it produces, so a 200 never goes out as {@code application/problem+json}, even
 * when the Accept header lists it first.
 */
@RequestMapping("/logs")
@Tag(name = "logs", description = "Positions of event logs")
interface LogsApi {

	String YAML = "application/yaml";

	// No produces: wantsYaml() also takes text/yaml and application/x-yaml, as it always did.
	@GetMapping
	@Operation(operationId = "listLogs", summary = "List positions",
			description = "Positions sorted by name (UTF-8 byte order) with the time of the last successful flush. "
					+ "Without limit every position is answered (streamed). With limit, at most that many, and "
					+ "when more follow a cursor in next and in a Link header (rel=\"next\"); following cursors "
					+ "visits every name exactly once, even while positions are written and deleted. With "
					+ "Accept: application/yaml the answer is a checkpoint file in Winlogbeat's format.")
	@ApiResponse(responseCode = "200", description = "The positions", headers = @Header(name = "Link",
			description = "RFC 8288 link to the next page, rel=\"next\"; only when more positions follow",
			schema = @Schema(type = "string")),
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = LogsDocument.class)),
					@Content(mediaType = YAML, schema = @Schema(type = "string",
							example = "update_time: 2017-12-05T15:16:38.2530588Z\nevent_logs:\n- name: Application\n"
									+ "  record_number: 42\n  timestamp: 2017-12-05T15:16:31.1188124+05:30\n")) })
	@ApiResponse(responseCode = "400", description = "Invalid limit or cursor")
	@ApiResponse(responseCode = "406", description = "Neither JSON nor YAML is acceptable")
	void list(
			@Parameter(description = "Keep only names that start with this text, such as host-a/") @RequestParam(
					required = false) String prefix,
			@Parameter(description = "Most positions in this page, 1 to " + LogsListing.MAX_LIMIT
					+ "; without it every position is answered", schema = @Schema(type = "integer", format = "int32",
							minimum = "1", maximum = "10000")) @RequestParam(required = false) Integer limit,
			@Parameter(description = "The next value of the previous page") @RequestParam(
					required = false) String cursor,
			@Parameter(hidden = true) @RequestHeader(name = "Accept", required = false) String accept,
			HttpServletRequest request, HttpServletResponse response)
			throws IOException, HttpMediaTypeNotAcceptableException;

	@GetMapping(path = "/{*name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getLog", summary = "Read one position")
	@ApiResponse(responseCode = "200", description = "The position", headers = @Header(name = "ETag",
			description = "The log's version, a strong validator such as \"17\"", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "Invalid name")
	@ApiResponse(responseCode = "404", description = "No position for this name")
	ResponseEntity<LogState> get(@PathVariable("name") String path);

	// produces: an unacceptable Accept is refused (406) before the write, not after it.
	@PutMapping(path = "/{*name}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "putLog", summary = "Store one position",
			description = "Acknowledged once in memory; it reaches the store within the flush interval. With "
					+ "durable=true the answer comes only once the position is durable. If-Match: \"<version>\" "
					+ "stores it only over that version, If-None-Match: * only if the log does not exist (412 "
					+ "otherwise). With checkpoint.api.backward-moves=reject a position below the stored one in "
					+ "(epoch, record_number) order gets 409 unless rewind=true. Under a leased prefix the lease's "
					+ "token must come in X-Lease-Token (409 otherwise).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = PositionUpdate.class)))
	@ApiResponse(responseCode = "200", description = "The stored position", headers = @Header(name = "ETag",
			description = "The log's new version", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "Invalid name, record number, timestamp, epoch, precondition "
			+ "or JSON")
	@ApiResponse(responseCode = "409", description = "A backward move refused, a lease held by another writer, or a "
			+ "new name would pass checkpoint.max-logs; nothing was stored")
	@ApiResponse(responseCode = "412", description = "If-Match or If-None-Match does not hold; nothing was stored")
	@ApiResponse(responseCode = "413", description = "Body over checkpoint.api.max-request-size")
	@ApiResponse(responseCode = "415", description = "Content type is not application/json")
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out (the position stays "
			+ "queued and is retried), or the store is failing and checkpoint.max-pending-updates are queued "
			+ "(nothing was stored); retry after Retry-After")
	ResponseEntity<LogState> put(@PathVariable("name") String path, @RequestBody PositionBody body,
			@Parameter(description = "Answer only once the position is durable") @RequestParam(
					defaultValue = "false") boolean durable,
			@Parameter(description = "Move the log backward on purpose (audited)") @RequestParam(
					defaultValue = "false") boolean rewind,
			@Parameter(description = "Store only over this version (the ETag)") @RequestHeader(name = "If-Match",
					required = false) String ifMatch,
			@Parameter(description = "* stores only if the log does not exist") @RequestHeader(
					name = "If-None-Match", required = false) String ifNoneMatch,
			@Parameter(description = "The token of the lease on the log's prefix") @RequestHeader(
					name = "X-Lease-Token", required = false) String leaseToken);

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "putLogs", summary = "Store many positions at once",
			description = "The batch is validated as a whole and applied all or nothing. An empty batch and "
					+ "duplicate names in one batch are rejected (400): the order of duplicates would be ambiguous. "
					+ "Each entry may carry epoch, if_match (a version) and if_none_match (\"*\"); one failing "
					+ "precondition (412), backward move or lease (409) applies nothing.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = BatchUpdate.class)))
	@ApiResponse(responseCode = "200", description = "How many positions were applied")
	@ApiResponse(responseCode = "400", description = "Some position is invalid; nothing was applied")
	@ApiResponse(responseCode = "409", description = "A backward move refused, a lease held by another writer, or new "
			+ "names would pass checkpoint.max-logs; nothing was applied")
	@ApiResponse(responseCode = "412", description = "An entry's if_match or if_none_match does not hold; nothing "
			+ "was applied")
	@ApiResponse(responseCode = "413", description = "Body over checkpoint.api.max-request-size")
	@ApiResponse(responseCode = "415", description = "Content type is not application/json")
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out (the positions stay "
			+ "queued and are retried), or the store is failing and checkpoint.max-pending-updates are queued "
			+ "(nothing was applied); retry after Retry-After")
	BatchResult batch(@RequestBody BatchBody body, @Parameter(
			description = "Answer only once the positions are durable") @RequestParam(defaultValue = "false") boolean durable,
			@Parameter(description = "Move logs backward on purpose (audited)") @RequestParam(
					defaultValue = "false") boolean rewind,
			@Parameter(description = "The token of the lease on the logs' prefix") @RequestHeader(
					name = "X-Lease-Token", required = false) String leaseToken);

	@DeleteMapping("/{*name}")
	@Operation(operationId = "deleteLog", summary = "Forget a position",
			description = "The next flush removes it from the store.")
	@ApiResponse(responseCode = "204", description = "Forgotten")
	@ApiResponse(responseCode = "400", description = "Invalid name")
	@ApiResponse(responseCode = "404", description = "No position for this name")
	@ApiResponse(responseCode = "409", description = "The log's prefix is leased and X-Lease-Token is not its token")
	@ApiResponse(responseCode = "412", description = "If-Match does not hold; nothing was deleted")
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out")
	ResponseEntity<Void> delete(@PathVariable("name") String path,
			@Parameter(description = "Answer only once the deletion is durable") @RequestParam(
					defaultValue = "false") boolean durable,
			@Parameter(description = "Delete only at this version (the ETag)") @RequestHeader(name = "If-Match",
					required = false) String ifMatch,
			@Parameter(description = "The token of the lease on the log's prefix") @RequestHeader(
					name = "X-Lease-Token", required = false) String leaseToken);

}
