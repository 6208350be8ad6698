package io.eventcheckpoint.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers requests refused by the security filter chain as RFC 9457 problem details, written
 * directly (these answers are produced before Spring MVC runs), with the {@code WWW-Authenticate}
 * challenge of RFC 6750. They never echo the presented token.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private static final Logger logger = LoggerFactory.getLogger(SecurityProblems.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String REALM = "Bearer realm=\"checkpoint\"";

	private final boolean tokensConfigured;

	/**
	 * @param tokensConfigured whether any token is configured; if not, an authentication failure
	 * (only a denied path can cause one) is answered 403 without a challenge
	 */
	SecurityProblems(boolean tokensConfigured) {
		this.tokensConfigured = tokensConfigured;
	}

	/** 401: no token, or a token that is not valid. */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (!this.tokensConfigured) {
			write(response, HttpStatus.FORBIDDEN, "Forbidden", "This path is not available.");
			return;
		}
		boolean noToken = ex instanceof InsufficientAuthenticationException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				noToken ? REALM : REALM + ", error=\"invalid_token\", error_description=\"The token is not valid\"");
		write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
				noToken ? "This request needs a bearer token: Authorization: Bearer <token>."
						: "The bearer token is not valid.");
	}

	/** 403: a valid token whose role does not allow the request. */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
		write(response, HttpStatus.FORBIDDEN, "Forbidden", "This token's role does not allow this request.");
	}

	/** 400: refused by the firewall (such as a raw {@code ..} segment or a control character). */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		logger.debug("Request rejected by the firewall: {}", ex.getMessage());
		write(response, HttpStatus.BAD_REQUEST, "Bad request",
				"The request URL or a header contains characters or sequences that are not allowed.");
	}

	static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		byte[] body = JSON.writeValueAsBytes(problem);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
