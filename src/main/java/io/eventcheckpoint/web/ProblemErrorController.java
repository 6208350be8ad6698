package io.eventcheckpoint.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside Spring MVC (by Tomcat or a filter) as problem details too, in place
 * of Boot's default error body.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// No error status: /error was asked for directly, and there is no such resource.
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 404);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (RequestSizeLimitFilter.isTooLarge((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
			status = HttpStatus.CONTENT_TOO_LARGE;
		}
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(status.getReasonPhrase());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
