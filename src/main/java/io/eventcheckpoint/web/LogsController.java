package io.eventcheckpoint.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.engine.CheckpointEngine;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.engine.PositionWrite;
import io.eventcheckpoint.engine.WriteOptions;
import io.eventcheckpoint.security.TokenScope;
import io.eventcheckpoint.web.ApiProperties.BackwardMoves;
import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;
import io.eventcheckpoint.web.PositionSchemas.BatchResult;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Collectors read and write their positions here; {@link LogsApi} declares the paths and the
 * OpenAPI description.
 * <p>
 * Names are matched with a capture-the-rest pattern so that Windows channel names containing
 * {@code /} (raw or as {@code %2F}) address one log.
 */
@RestController
class LogsController implements LogsApi {

	static final MediaType APPLICATION_YAML = MediaType.parseMediaType(YAML);

	private static final Set<String> YAML_SUBTYPES = Set.of("yaml", "x-yaml");

	private final CheckpointEngine checkpoints;

	private final Duration durableTimeout;

	private final PositionParser parser;

	private final BatchParser batchParser;

	private final BackwardMoves backwardMoves;

	LogsController(CheckpointEngine checkpoints, ApiProperties api, CheckpointProperties properties) {
		this.checkpoints = checkpoints;
		this.durableTimeout = properties.durableTimeout();
		this.parser = new PositionParser(api.maxNameLength());
		this.batchParser = new BatchParser(this.parser, api.maxBatchSize());
		this.backwardMoves = api.backwardMoves();
	}

	@Override
	public void list(String prefix, Integer limit, String cursor, String accept, HttpServletRequest request,
			HttpServletResponse response) throws IOException, HttpMediaTypeNotAcceptableException {
		boolean yaml = wantsYaml(accept);
		// A token with a prefix sees only its own names, whatever prefix it asks for.
		LogsListing listing = LogsListing.select(this.checkpoints.sortedStates(),
				this.checkpoints.lastSuccessfulFlush(), TokenScope.current(), prefix, limit, cursor);
		if (listing.next() != null) {
			response.setHeader(HttpHeaders.LINK, nextLink(request.getRequestURI(), prefix, limit, listing.next()));
		}
		response.setStatus(HttpServletResponse.SC_OK);
		if (yaml) {
			response.setContentType(YAML);
			listing.writeYaml(response.getOutputStream());
		}
		else {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			listing.writeJson(response.getOutputStream());
		}
	}

	private static String nextLink(String path, String prefix, Integer limit, String next) {
		StringBuilder link = new StringBuilder("<").append(path).append("?limit=").append(limit);
		if (prefix != null) {
			link.append("&prefix=").append(URLEncoder.encode(prefix, StandardCharsets.UTF_8).replace("+", "%20"));
		}
		return link.append("&cursor=").append(next).append(">; rel=\"next\"").toString();
	}

	@Override
	public ResponseEntity<LogState> get(String path) {
		String name = name(path);
		EventLogState state = this.checkpoints.state(name);
		LogMetadata metadata = this.checkpoints.metadata(name);
		if (state == null || metadata == null) {
			throw new LogNotFoundException(name);
		}
		return ResponseEntity.ok().eTag(Preconditions.etag(metadata)).body(LogState.of(state, metadata));
	}

	@Override
	public ResponseEntity<LogState> put(String path, PositionBody body, boolean durable, boolean rewind, String ifMatch,
			String ifNoneMatch, String leaseToken) {
		ResponseEntity<LogState> answer = store(path, body, rewind, ifMatch, ifNoneMatch, leaseToken);
		flushIfDurable(durable);
		return answer;
	}

	// durable=true (as Spring MVC spells it in the query; other spellings take the blocking methods above):
	// the same writes, answered once durable without holding a request thread while the disk works,
	// so a small thread pool still shares each flush among every waiting writer. Described by putLog,
	// putLogs and deleteLog in the OpenAPI document.

	@Hidden
	@PutMapping(path = "/{*name}", params = "durable=true", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<LogState>> putDurable(@PathVariable("name") String path,
			@RequestBody PositionBody body, @RequestParam(defaultValue = "false") boolean rewind,
			@RequestHeader(name = "If-Match", required = false) String ifMatch,
			@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch,
			@RequestHeader(name = "X-Lease-Token", required = false) String leaseToken) {
		return onceDurable(store(path, body, rewind, ifMatch, ifNoneMatch, leaseToken));
	}

	@Hidden
	@PostMapping(params = "durable=true", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<BatchResult> batchDurable(@RequestBody BatchBody body,
			@RequestParam(defaultValue = "false") boolean rewind,
			@RequestHeader(name = "X-Lease-Token", required = false) String leaseToken) {
		return onceDurable(batch(body, false, rewind, leaseToken));
	}

	@Hidden
	@DeleteMapping(path = "/{*name}", params = "durable=true")
	CompletableFuture<ResponseEntity<Void>> deleteDurable(@PathVariable("name") String path,
			@RequestHeader(name = "If-Match", required = false) String ifMatch,
			@RequestHeader(name = "X-Lease-Token", required = false) String leaseToken) {
		return onceDurable(delete(path, false, ifMatch, leaseToken));
	}

	private ResponseEntity<LogState> store(String path, PositionBody body, boolean rewind, String ifMatch,
			String ifNoneMatch, String leaseToken) {
		String name = name(path);
		if (!body.object()) {
			throw new InvalidRequestException("body", "must be a JSON object with record_number");
		}
		List<FieldProblem> problems = new ArrayList<>(0);
		EventLogState state = this.parser.parse(name, body.recordNumber(), body.timestamp(), body.bookmark(), () -> "",
				PositionParser.now(), problems);
		long epoch = PositionParser.epoch(body.epoch(), () -> "", problems);
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		PositionWrite write = new PositionWrite(state, epoch, Preconditions.ifMatch(ifMatch),
				Preconditions.ifNoneMatch(ifNoneMatch));
		LogMetadata metadata = this.checkpoints.write(List.of(write), options(rewind, leaseToken)).get(0);
		return ResponseEntity.ok().eTag(Preconditions.etag(metadata)).body(LogState.of(state, metadata));
	}

	@Override
	public BatchResult batch(BatchBody body, boolean durable, boolean rewind, String leaseToken) {
		List<PositionWrite> states = this.batchParser.parse(body, TokenScope.current(), PositionParser.now());
		this.checkpoints.write(states, options(rewind, leaseToken));
		flushIfDurable(durable);
		return new BatchResult(states.size());
	}

	@Override
	public ResponseEntity<Void> delete(String path, boolean durable, String ifMatch, String leaseToken) {
		String name = name(path);
		if (this.checkpoints.delete(name, Preconditions.ifMatch(ifMatch), blankToNull(leaseToken)) == null) {
			throw new LogNotFoundException(name);
		}
		flushIfDurable(durable);
		return ResponseEntity.noContent().build();
	}

	private WriteOptions options(boolean rewind, String leaseToken) {
		return new WriteOptions(this.backwardMoves == BackwardMoves.REJECT, rewind, blankToNull(leaseToken));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
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

	private <T> CompletableFuture<T> onceDurable(T answer) {
		return this.checkpoints.flushAsync(this.durableTimeout).thenApply((durable) -> answer);
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

}
