package io.eventcheckpoint.web;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.Lease;
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

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Leases on name prefixes (issue 15): a collector takes the lease of its prefix, and while it is
 * live only writes carrying its token ({@code X-Lease-Token}) change the logs under it, so a cloned
 * or moved collector that still runs cannot move a position. Grants are durable before the answer.
 */
@RestController
@RequestMapping(path = "/leases", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "leases", description = "Leases that fence writes under a name prefix")
class LeasesController {

	static final String LEASE_TOKEN = "X-Lease-Token";

	static final long MAX_TTL_SECONDS = 86_400;

	private static final int MAX_HOLDER_LENGTH = 256;

	private final CheckpointEngine checkpoints;

	private final PositionParser parser;

	private final Duration durableTimeout;

	LeasesController(CheckpointEngine checkpoints, ApiProperties api, CheckpointProperties properties) {
		this.checkpoints = checkpoints;
		this.parser = new PositionParser(api.maxNameLength());
		this.durableTimeout = properties.durableTimeout();
	}

	@GetMapping
	@Operation(summary = "List live leases", description = "Sorted by prefix; a token with a prefix sees only the "
			+ "leases within it.")
	LeasesDocument list() {
		TokenScope scope = TokenScope.current();
		return new LeasesDocument(this.checkpoints.leases()
			.live()
			.stream()
			.filter((lease) -> scope.permits(lease.prefix()))
			.map(LeaseDocument::of)
			.toList());
	}

	@PutMapping(path = "/{*prefix}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Acquire or renew a lease",
			description = "Grants the lease on the prefix for ttl_seconds (1 to 86400), or renews it when the same "
					+ "holder has it (the token stays). A live lease of another holder on this prefix, or on one "
					+ "that starts it or that it starts, gets 409. Needs the write role and a token whose scope "
					+ "covers the prefix. Answered once the lease is durable.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = LeaseRequest.class)))
	@ApiResponse(responseCode = "200", description = "The lease and its token")
	@ApiResponse(responseCode = "400", description = "Invalid prefix, holder or ttl_seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "403", description = "The prefix is outside the token's scope",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409", description = "Another holder's lease is live",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	LeaseDocument acquire(@PathVariable("prefix") String path, @RequestBody JsonNode body) {
		String prefix = prefix(path);
		if (!body.isObject()) {
			throw new InvalidRequestException("body", "must be a JSON object with holder and ttl_seconds");
		}
		List<FieldProblem> problems = new ArrayList<>();
		String holder = holder(body.get("holder"), problems);
		long ttl = ttl(body.get("ttl_seconds"), problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		Lease lease = this.checkpoints.leases().acquire(prefix, holder, Duration.ofSeconds(ttl));
		this.checkpoints.flush(this.durableTimeout);
		return LeaseDocument.of(lease);
	}

	@DeleteMapping("/{*prefix}")
	@Operation(summary = "Release a lease", description = "Needs the lease's current token in X-Lease-Token.")
	@ApiResponse(responseCode = "204", description = "Released")
	@ApiResponse(responseCode = "404", description = "No live lease on this prefix",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409", description = "The token is not the lease's (expired or superseded)",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<Void> release(@PathVariable("prefix") String path,
			@Parameter(description = "The lease's token") @RequestHeader(name = LEASE_TOKEN,
					required = false) String token) {
		String prefix = prefix(path);
		if (token == null || token.isBlank()) {
			throw new InvalidRequestException(LEASE_TOKEN, "is required to release a lease");
		}
		if (this.checkpoints.leases().release(prefix, token) == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No live lease is held on this prefix");
			problem.setTitle("Not found");
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		}
		this.checkpoints.flush(this.durableTimeout);
		return ResponseEntity.noContent().build();
	}

	private String prefix(String path) {
		String prefix = path.startsWith("/") ? path.substring(1) : path;
		List<FieldProblem> problems = new ArrayList<>(1);
		this.parser.checkName(prefix, "prefix", problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		if (!TokenScope.current().permits(prefix)) {
			throw new OutOfScopeException(List.of("prefix"));
		}
		return prefix;
	}

	private static String holder(JsonNode node, List<FieldProblem> problems) {
		if (node == null || !node.isString() || node.stringValue().isBlank()) {
			problems.add(new FieldProblem("holder", "is required, a non-blank string"));
			return null;
		}
		String holder = node.stringValue();
		if (holder.length() > MAX_HOLDER_LENGTH || holder.chars().anyMatch(Character::isISOControl)) {
			problems.add(new FieldProblem("holder", "must be at most " + MAX_HOLDER_LENGTH
					+ " characters without control characters"));
		}
		return holder;
	}

	private static long ttl(JsonNode node, List<FieldProblem> problems) {
		if (node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 1
				&& node.longValue() <= MAX_TTL_SECONDS) {
			return node.longValue();
		}
		problems.add(new FieldProblem("ttl_seconds", "must be a whole number from 1 to " + MAX_TTL_SECONDS));
		return 0;
	}

	/** Request body of {@code PUT /leases/{prefix}}, for the OpenAPI description. */
	@Schema(name = "LeaseRequest", description = "Who asks for the lease, and for how long")
	record LeaseRequest(@Schema(description = "The holder's name, such as the collector's host and process",
			example = "vm-17:winlogbeat", requiredMode = Schema.RequiredMode.REQUIRED) String holder,
			@Schema(description = "Seconds until the lease ends unless renewed", minimum = "1", maximum = "86400",
					example = "30", requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("ttl_seconds") long ttlSeconds) {
	}

	/** One lease. */
	@Schema(name = "Lease", description = "A lease on a name prefix")
	record LeaseDocument(@Schema(example = "host-a/") String prefix, @Schema(example = "vm-17:winlogbeat") String holder,
			@Schema(description = "Send it as X-Lease-Token with every write under the prefix; never reused",
					example = "42") String token,
			@Schema(description = "RFC 3339, UTC") @JsonProperty("expires_at") String expiresAt) {

		static LeaseDocument of(Lease lease) {
			return new LeaseDocument(lease.prefix(), lease.holder(), lease.token(),
					CheckpointYaml.formatTime(OffsetDateTime.ofInstant(lease.expiresAt(), ZoneOffset.UTC)));
		}

	}

	/** The live leases. */
	@Schema(name = "Leases", description = "Live leases sorted by prefix")
	record LeasesDocument(List<LeaseDocument> leases) {
	}

}
