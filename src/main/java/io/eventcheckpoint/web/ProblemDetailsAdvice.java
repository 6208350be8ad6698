package io.eventcheckpoint.web;

import java.net.URI;
import java.util.List;

import io.eventcheckpoint.engine.CheckpointClosedException;
import io.eventcheckpoint.engine.FenceStoreException;
import io.eventcheckpoint.engine.FlushFailedException;
import io.eventcheckpoint.engine.TooManyLogsException;
import io.eventcheckpoint.engine.TooManyPendingUpdatesException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error as RFC 9457 problem details that say what is wrong and never carry a stack
 * trace, an exception class name or a file path.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request");
		problem.setType(URI.create("urn:problem:checkpoint:invalid-request"));
		problem.setProperty("errors", ex.problems());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(LogNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> outOfScope(OutOfScopeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setTitle("Forbidden");
		problem.setType(URI.create("urn:problem:checkpoint:out-of-scope"));
		problem.setProperty("errors", ex.problems());
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
	}

	/**
	 * A new name beyond {@code checkpoint.max-logs}: 409, not 503 or 507. Retrying cannot help until
	 * an operator deletes logs or raises the limit, and the likely cause is a client inventing
	 * names, so it is the client's request that conflicts with the service's state; 5xx answers
	 * would be retried and would page whoever watches server errors.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyLogs(TooManyLogsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The service already tracks "
				+ "its limit of " + ex.limit() + " logs (checkpoint.max-logs); a new name is refused until logs are "
				+ "deleted or the limit is raised. Nothing was stored.");
		problem.setTitle("Too many logs");
		problem.setType(URI.create("urn:problem:checkpoint:too-many-logs"));
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyPendingUpdates(TooManyPendingUpdatesException ex) {
		logger.warn("Write refused: {} updates are waiting for the store (checkpoint.max-pending-updates)",
				ex.limit());
		return unavailable("The store is not keeping up and " + ex.limit() + " updates are waiting for it "
				+ "(checkpoint.max-pending-updates). Nothing was stored; retry later.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> requestRejected(RequestRejectedException ex) {
		// The firewall checks headers and parameters when they are read, which may be here.
		return badRequest("The request URL or a header contains characters or sequences that are not allowed.");
	}

	/**
	 * Tomcat refuses a malformed query string (such as {@code %ZZ}) with an
	 * {@code IllegalStateException} subclass when parameters are first read; without this it would
	 * pass for the engine's shutting-down state (503).
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException ex) {
		return badRequest("The query string is not well-formed (check its percent-encoding).");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> flushFailed(FlushFailedException ex) {
		logger.warn("Durable write not confirmed: {}", ex.getMessage());
		return unavailable("The change is accepted and queued, but the store did not confirm it durable; "
				+ "it is retried. Retry the request to confirm durability.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> fenceUndecided(FenceStoreException ex) {
		logger.warn("Fenced change not decided: {}", ex.getMessage());
		return unavailable("The store could not decide this conditional change, so nothing of it was applied. "
				+ "Retry the request.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> shuttingDown(CheckpointClosedException ex) {
		return unavailable("The service is shutting down and accepts no changes.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		logger.error("Unexpected error while handling a request", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred.");
		problem.setTitle("Internal error");
		return ResponseEntity.internalServerError().body(problem);
	}

	private static ResponseEntity<ProblemDetail> badRequest(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Bad request");
		return ResponseEntity.badRequest().body(problem);
	}

	static ResponseEntity<ProblemDetail> unavailable(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle("Service unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (RequestSizeLimitFilter.isTooLarge(ex)) {
			ProblemDetail problem = RequestSizeLimitFilter.tooLarge(request.getDescription(false));
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not well-formed JSON.");
		problem.setTitle("Malformed request body");
		problem.setProperty("errors", List.of(new InvalidRequestException.FieldProblem("body", "must be well-formed JSON")));
		return ResponseEntity.badRequest().body(problem);
	}

}
