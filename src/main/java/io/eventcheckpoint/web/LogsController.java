package io.eventcheckpoint.web;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;
import io.eventcheckpoint.security.TokenScope;
import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * Collectors read and write their positions here.
 * <p>
 * Names are matched with a capture-the-rest pattern so that Windows channel names containing
 * {@code /} (raw or as {@code %2F}) address one log.
 */
@RestController
@RequestMapping("/logs")
@Tag(name = "logs", description = "Positions of event logs")
class LogsController {

	static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

	private static final Set<String> YAML_SUBTYPES = Set.of("yaml", "x-yaml");

	private final CheckpointEngine checkpoints;

	private final ApiProperties api;

	private final Duration durableTimeout;

	private final PositionParser parser;

	LogsController(CheckpointEngine checkpoints, ApiProperties api, CheckpointProperties properties) {
		this.checkpoints = checkpoints;
		this.api = api;
		this.durableTimeout = properties.durableTimeout();
		this.parser = new PositionParser(api.maxNameLength());
	}

	@GetMapping
	@Operation(summary = "List positions",
			description = "Every position sorted by name (UTF-8 byte order), with the time of the last successful "
					+ "flush. With Accept: application/yaml the answer is a checkpoint file in Winlogbeat's format.")
	@ApiResponse(responseCode = "200", description = "The positions",
			content = { @Content(mediaType = "application/json", schema = @Schema(implementation = LogsDocument.class)),
					@Content(mediaType = "application/yaml", schema = @Schema(type = "string",
							example = "update_time: 2017-12-05T15:16:38.2530588Z\nevent_logs:\n- name: Application\n"
									+ "  record_number: 42\n  timestamp: 2017-12-05T15:16:31.1188124+05:30\n")) })
	@ApiResponse(responseCode = "406", description = "Neither JSON nor YAML is acceptable",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<?> list(
			@Parameter(description = "Keep only names that start with this text, such as host-a/") @RequestParam(
					required = false) String prefix,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept)
			throws IOException, HttpMediaTypeNotAcceptableException {
		List<EventLogState> states = this.checkpoints.sortedStates();
		TokenScope scope = TokenScope.current();
		// A token with a prefix sees only its own names, whatever prefix it asks for.
		states = states.stream()
			.filter((state) -> scope.permits(state.name())
					&& (prefix == null || prefix.isEmpty() || state.name().startsWith(prefix)))
			.toList();
		OffsetDateTime updateTime = this.checkpoints.lastSuccessfulFlush();
		if (wantsYaml(accept)) {
			StringWriter out = new StringWriter(64 + states.size() * 96);
			CheckpointYaml.write(out, updateTime, states);
			return ResponseEntity.ok().contentType(APPLICATION_YAML).body(out.toString());
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new LogsDocument((updateTime != null) ? CheckpointYaml.formatTime(updateTime) : null,
					states.stream().map(LogState::of).toList()));
	}

	@GetMapping("/{*name}")
	@Operation(summary = "Read one position")
	@ApiResponse(responseCode = "200", description = "The position")
	@ApiResponse(responseCode = "404", description = "No position for this name",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<LogState> get(@PathVariable("name") String path) {
		String name = name(path);
		EventLogState state = this.checkpoints.state(name);
		if (state == null) {
			throw new LogNotFoundException(name);
		}
		return ResponseEntity.ok(LogState.of(state));
	}

	// produces: an unacceptable Accept is refused (406) before the write, not after it.
	@PutMapping(path = "/{*name}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Store one position",
			description = "Acknowledged once in memory; it reaches the store within the flush interval. With "
					+ "durable=true the answer comes only once the position is durable.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = PositionUpdate.class)))
	@ApiResponse(responseCode = "200", description = "The stored position")
	@ApiResponse(responseCode = "400", description = "Invalid name, record number, timestamp or JSON",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "413", description = "Body over checkpoint.api.max-request-size",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "415", description = "Content type is not application/json",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409", description = "A new name would pass checkpoint.max-logs; nothing was "
			+ "stored", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out (the position stays "
			+ "queued and is retried), or the store is failing and checkpoint.max-pending-updates are queued "
			+ "(nothing was stored); retry after Retry-After", content = @Content(
					mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<LogState> put(@PathVariable("name") String path, @RequestBody JsonNode body,
			@Parameter(description = "Answer only once the position is durable") @RequestParam(
					defaultValue = "false") boolean durable) {
		String name = name(path);
		if (!body.isObject()) {
			throw new InvalidRequestException("body", "must be a JSON object with record_number");
		}
		List<FieldProblem> problems = new ArrayList<>();
		EventLogState state = this.parser.parse(name, body, "", PositionParser.now(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		this.checkpoints.persist(state);
		flushIfDurable(durable);
		return ResponseEntity.ok(LogState.of(state));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Store many positions at once",
			description = "The batch is validated as a whole and applied all or nothing. An empty batch and "
					+ "duplicate names in one batch are rejected (400): the order of duplicates would be ambiguous.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = BatchUpdate.class)))
	@ApiResponse(responseCode = "200", description = "How many positions were applied")
	@ApiResponse(responseCode = "400", description = "Some position is invalid; nothing was applied",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "413", description = "Body over checkpoint.api.max-request-size",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "415", description = "Content type is not application/json",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409", description = "New names would pass checkpoint.max-logs; nothing was "
			+ "applied", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out (the positions stay "
			+ "queued and are retried), or the store is failing and checkpoint.max-pending-updates are queued "
			+ "(nothing was applied); retry after Retry-After", content = @Content(
					mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	BatchResult batch(@RequestBody JsonNode body,
			@Parameter(description = "Answer only once the positions are durable") @RequestParam(
					defaultValue = "false") boolean durable) {
		JsonNode logs = body.isObject() ? body.get("event_logs") : null;
		if (logs == null || !logs.isArray()) {
			throw new InvalidRequestException("event_logs", "must be a list of positions");
		}
		if (logs.isEmpty()) {
			throw new InvalidRequestException("event_logs", "must contain at least one position");
		}
		if (logs.size() > this.api.maxBatchSize()) {
			throw new InvalidRequestException("event_logs", "must contain at most " + this.api.maxBatchSize()
					+ " positions (checkpoint.api.max-batch-size)");
		}
		List<FieldProblem> problems = new ArrayList<>();
		List<String> outOfScope = new ArrayList<>();
		TokenScope scope = TokenScope.current();
		List<EventLogState> states = new ArrayList<>(logs.size());
		Set<String> names = new HashSet<>();
		OffsetDateTime receivedAt = PositionParser.now();
		for (int i = 0; i < logs.size() && problems.size() < 100; i++) {
			String prefix = "event_logs[" + i + "].";
			JsonNode entry = logs.get(i);
			if (!entry.isObject()) {
				problems.add(new FieldProblem("event_logs[" + i + "]", "must be an object"));
				continue;
			}
			JsonNode nameNode = entry.get("name");
			String name = (nameNode != null && nameNode.isString()) ? nameNode.stringValue() : null;
			if (nameNode != null && !nameNode.isNull() && !nameNode.isString()) {
				problems.add(new FieldProblem(prefix + "name", "must be a string"));
				continue;
			}
			int before = problems.size();
			this.parser.checkName(name, prefix + "name", problems);
			if (problems.size() == before && !scope.permits(name)) {
				outOfScope.add(prefix + "name");
			}
			if (problems.size() == before && !names.add(name)) {
				problems.add(new FieldProblem(prefix + "name", "appears more than once in the batch"));
			}
			EventLogState state = this.parser.parse((name != null) ? name : "", entry, prefix, receivedAt, problems);
			if (state != null && problems.size() == before) {
				states.add(state);
			}
		}
		if (!outOfScope.isEmpty()) {
			throw new OutOfScopeException(outOfScope);
		}
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		this.checkpoints.persistAll(states);
		flushIfDurable(durable);
		return new BatchResult(states.size());
	}

	@DeleteMapping("/{*name}")
	@Operation(summary = "Forget a position", description = "The next flush removes it from the store.")
	@ApiResponse(responseCode = "204", description = "Forgotten")
	@ApiResponse(responseCode = "404", description = "No position for this name",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = "Durable write failed or timed out",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<Void> delete(@PathVariable("name") String path,
			@Parameter(description = "Answer only once the deletion is durable") @RequestParam(
					defaultValue = "false") boolean durable) {
		String name = name(path);
		if (this.checkpoints.delete(name) == null) {
			throw new LogNotFoundException(name);
		}
		flushIfDurable(durable);
		return ResponseEntity.noContent().build();
	}

	private String name(String path) {
		// A capture-the-rest variable starts with the separating slash.
		String name = path.startsWith("/") ? path.substring(1) : path;
		List<FieldProblem> problems = new ArrayList<>(1);
		this.parser.checkName(name, "name", problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		if (!TokenScope.current().permits(name)) {
			throw new OutOfScopeException(List.of("name"));
		}
		return name;
	}

	private void flushIfDurable(boolean durable) {
		if (durable) {
			this.checkpoints.flush(this.durableTimeout);
		}
	}

	static boolean wantsYaml(String accept) throws HttpMediaTypeNotAcceptableException {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		double yaml = 0;
		double json = 0;
		for (MediaType type : types) {
			double quality = type.getQualityValue();
			boolean yamlType = !type.isWildcardSubtype() && YAML_SUBTYPES.contains(type.getSubtype())
					&& ("application".equals(type.getType()) || "text".equals(type.getType()));
			if (yamlType) {
				yaml = Math.max(yaml, quality);
			}
			else if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				// An explicit JSON type beats YAML of the same quality; a wildcard does not.
				json = Math.max(json, type.isWildcardType() || type.isWildcardSubtype() ? quality - 0.0001 : quality);
			}
		}
		if (yaml > 0 && yaml > json) {
			return true;
		}
		if (json > 0) {
			return false;
		}
		throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON, APPLICATION_YAML));
	}

	/**
	 * Result of a batch.
	 *
	 * @param applied number of positions applied
	 */
	@Schema(name = "BatchResult")
	record BatchResult(@Schema(description = "Number of positions applied", example = "500") long applied) {
	}

	/** Request body of {@code PUT /logs/{name}}, for the OpenAPI description. */
	@Schema(name = "PositionUpdate", description = "A position to store")
	record PositionUpdate(
			@Schema(description = "Last record number read: a JSON number or a decimal string (JavaScript loses "
					+ "precision above 2^53), 0 to 18446744073709551615", example = "42", requiredMode = Schema.RequiredMode.REQUIRED,
					oneOf = { Long.class, String.class }) Object record_number,
			@Schema(description = "RFC 3339 time of that record, nanoseconds and offset kept; the server's receive "
					+ "time when absent", example = "2026-11-24T10:00:00.123456789Z") String timestamp,
			@Schema(description = "Optional Winlogbeat XML bookmark, stored and returned unchanged") String bookmark) {
	}

	/** One entry of a batch, for the OpenAPI description. */
	@Schema(name = "BatchEntry", description = "A position with its name")
	record BatchEntry(
			@Schema(description = "Event-log name", example = "host-a/Security",
					requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Last record number read (number or decimal string)", example = "42",
					requiredMode = Schema.RequiredMode.REQUIRED) Object record_number,
			@Schema(description = "RFC 3339 time; the server's receive time when absent",
					example = "2026-11-24T10:00:00.123456789Z") String timestamp,
			@Schema(description = "Optional Winlogbeat XML bookmark") String bookmark) {
	}

	/** Request body of {@code POST /logs}, for the OpenAPI description. */
	@Schema(name = "BatchUpdate", description = "Many positions, in the shape of the checkpoint file")
	record BatchUpdate(@Schema(description = "Positions; names must be unique within the batch",
			requiredMode = Schema.RequiredMode.REQUIRED) List<BatchEntry> event_logs) {
	}

}
