package io.eventcheckpoint.web;

import java.net.URI;

import io.eventcheckpoint.engine.BackwardMoveException;
import io.eventcheckpoint.engine.LeaseConflictException;
import io.eventcheckpoint.engine.PreconditionFailedException;
import io.eventcheckpoint.format.CheckpointYaml;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers refused fenced writes (issue 15) as problem details: 412 for a failed {@code If-Match}
 * or {@code If-None-Match}, 409 for a backward move (with the stored position) or a lease held by
 * another writer. Ordered first so the general advice's catch-all never sees these.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FencingProblemsAdvice {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> preconditionFailed(PreconditionFailedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, ex.getMessage());
		problem.setTitle("Precondition failed");
		problem.setType(URI.create("urn:problem:checkpoint:precondition-failed"));
		problem.setProperty("name", ex.name());
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.PRECONDITION_FAILED);
		if (ex.current() != null) {
			problem.setProperty("version", ex.current().versionString());
			answer.header(HttpHeaders.ETAG, "\"" + ex.current().versionString() + "\"");
		}
		return answer.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> backwardMove(BackwardMoveException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Backward move");
		problem.setType(URI.create("urn:problem:checkpoint:backward-move"));
		problem.setProperty("name", ex.name());
		problem.setProperty("stored_epoch", Long.toUnsignedString(ex.storedEpoch()));
		problem.setProperty("stored_record_number", ex.stored().recordNumberString());
		problem.setProperty("stored_timestamp", CheckpointYaml.formatTime(ex.stored()));
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> leaseConflict(LeaseConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Lease conflict");
		problem.setType(URI.create("urn:problem:checkpoint:lease-conflict"));
		problem.setProperty("name", ex.name());
		if (ex.prefix() != null) {
			problem.setProperty("prefix", ex.prefix());
		}
		return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
	}

}
